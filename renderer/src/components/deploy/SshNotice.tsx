/** The backend's word on its SSH, when it has one (ssh2 running its pure-JS crypto). */
export function SshNotice({ notice }: { notice: string | null }) {
  if (!notice) return null;
  return (
    <p className="muted" role="status" data-testid="ssh-notice">
      {notice}
    </p>
  );
}
