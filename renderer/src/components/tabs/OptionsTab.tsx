import { useId } from 'react';
import {
  OPTION_GROUPS,
  SEED_DOCUMENTS,
  type OptionChoice,
  type OptionKey,
} from '../../../../shared/design/options-catalog';
import { applyOption, optionValue, setMirroredCount } from '../../../../shared/design/options-values';
import { choicesOf, conflicts, disabledReason } from '../../../../shared/design/options-matrix';
import { useStore } from '../../store';
import './options.css';

/** Where the arbitrator group goes: right after the database it arbitrates. */
const GROUP_ORDER: { key: OptionKey; title: string }[] = [
  OPTION_GROUPS[0]!,
  { key: 'arbitrator', title: 'Galera arbitrator (garbd)' },
  ...OPTION_GROUPS.slice(1),
];

function Choice({ group, choice, checked }: { group: OptionKey; choice: OptionChoice; checked: boolean }) {
  const id = useId();
  const reason = useStore((s) => disabledReason(s.design, group, choice.value));
  const updateDesign = useStore((s) => s.updateDesign);
  const disabled = reason !== null && !checked;
  return (
    <div className={`choice${checked ? ' checked' : ''}${disabled ? ' disabled' : ''}`}>
      <input
        type="radio"
        id={id}
        name={group}
        value={choice.value}
        checked={checked}
        disabled={disabled}
        aria-describedby={`${id}-why${reason ? ` ${id}-reason` : ''}`}
        onChange={() => updateDesign((d) => applyOption(d, group, choice.value))}
      />
      <div>
        <label htmlFor={id}>{choice.label}</label>
        {choice.flag && <span className="flag">{choice.flag}</span>}
        <p className="why" id={`${id}-why`}>
          {choice.why}{' '}
          <cite title={SEED_DOCUMENTS[choice.source.doc]}>
            Source: {SEED_DOCUMENTS[choice.source.doc]} — {choice.source.section}
          </cite>
        </p>
        {checked && choice.value === 'mirrored-exactly' && <MirroredCount />}
        {reason && (
          <p className="reason" id={`${id}-reason`} data-testid="disabled-reason">
            {checked ? 'Conflicts: ' : 'Unavailable: '}
            {reason}
          </p>
        )}
      </div>
    </div>
  );
}

function MirroredCount() {
  const id = useId();
  const count = useStore((s) =>
    s.design.options.messaging.mode === 'mirrored' ? s.design.options.messaging.count : 2,
  );
  const updateDesign = useStore((s) => s.updateDesign);
  return (
    <div className="field inline-field">
      <label htmlFor={id}>Copies of each queue (N)</label>
      <input
        id={id}
        type="number"
        min={2}
        max={9}
        value={count ?? 2}
        onChange={(e) => updateDesign((d) => setMirroredCount(d, Number(e.target.value)))}
      />
    </div>
  );
}

function Group({ groupKey, title }: { groupKey: OptionKey; title: string }) {
  const design = useStore((s) => s.design);
  const value = optionValue(design, groupKey);
  const choices = choicesOf(design, groupKey);
  if (groupKey === 'release') {
    return (
      <fieldset className="option-group" aria-label={title}>
        <legend>{title}</legend>
        <ReleaseSelect />
      </fieldset>
    );
  }
  return (
    <fieldset className="option-group" aria-label={title} data-testid={`option-${groupKey}`}>
      <legend>{title}</legend>
      {choices.map((choice) => (
        <Choice key={choice.value} group={groupKey} choice={choice} checked={choice.value === value} />
      ))}
    </fieldset>
  );
}

function ReleaseSelect() {
  const release = useStore((s) => s.design.release);
  const updateDesign = useStore((s) => s.updateDesign);
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>OpenStack release</label>
      <select
        id={id}
        value={release}
        onChange={(e) => updateDesign((d) => applyOption(d, 'release', e.target.value))}
      >
        {choicesOf(useStore.getState().design, 'release').map((c) => (
          <option key={c.value} value={c.value}>
            {c.label}
          </option>
        ))}
      </select>
      <span className="hint">Some choices depend on it: quorum queues need Yoga, ML2/OVN needs Ussuri.</span>
    </div>
  );
}

/** Every HA choice with its why and source; incompatible choices are disabled with the reason shown. */
export function OptionsTab() {
  const design = useStore((s) => s.design);
  const clashes = conflicts(design);
  return (
    <div className="options-tab">
      {clashes.length > 0 && (
        <div className="banner banner-error" role="alert" data-testid="option-conflicts">
          <span>
            These choices do not go together:{' '}
            {clashes.map((c) => `${c.key} = ${c.value}: ${c.reason}`).join(' · ')}
          </span>
        </div>
      )}
      <p className="hint">
        Defaults follow the current HA guide. Legacy choices stay selectable and are flagged; choices that
        cannot work with the rest of the design are disabled with the reason.
      </p>
      <div className="option-groups">
        {GROUP_ORDER.map((g) => (
          <Group key={g.key} groupKey={g.key} title={g.title} />
        ))}
      </div>
    </div>
  );
}
