/**
 * Options that change no rendered file and no plan step, each with the reason. Every other option must
 * change what the plan does (the "every option is read" test in options-read.test.ts fails on an option
 * that is neither read nor listed here).
 */
export const DESIGN_ONLY_OPTIONS: Readonly<Record<string, string>> = {
  tenantVrrp:
    'Tells the DVR rules that tenants run their own VRRP (which DVR breaks); nothing on the nodes depends on what tenants run.',
};
