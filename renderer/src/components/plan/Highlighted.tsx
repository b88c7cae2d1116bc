import type { ReactNode } from 'react';

/** Which highlighter a file or command gets, from its path. */
export function languageOf(path: string | null): 'sh' | 'ini' | 'conf' {
  if (path === null || /\.(sh|py)$|\/clustercheck$|policy-rc\.d$/.test(path)) return 'sh';
  if (/\.(ini|conf|cnf)$/.test(path) && !/(haproxy|keepalived|corosync)\.c/.test(path)) return 'ini';
  return 'conf';
}

/** A secret reference as the plan writes it, or masked as the guide and runbook print it. */
const SECRET = /(\{\{secret:[a-z0-9_]+\}\}|«secret:[a-z0-9_]+»)/;

function withSecrets(text: string, key: string): ReactNode[] {
  return text.split(SECRET).map((part, i) =>
    SECRET.test(part) ? (
      <span key={`${key}-${i}`} className="hl-secret" title="Filled in when the step runs">
        {part}
      </span>
    ) : (
      part
    ),
  );
}

function line(text: string, language: 'sh' | 'ini' | 'conf', key: string): ReactNode {
  if (/^\s*[#;]/.test(text)) return <span className="hl-comment">{text}</span>;
  if (language === 'ini') {
    const section = /^\s*\[[^\]]+\]\s*$/.exec(text);
    if (section) return <span className="hl-section">{text}</span>;
    const kv = /^(\s*[A-Za-z0-9_.-]+)(\s*=\s*)(.*)$/.exec(text);
    if (kv) {
      return (
        <>
          <span className="hl-key">{kv[1]}</span>
          {kv[2]}
          {withSecrets(kv[3]!, key)}
        </>
      );
    }
  }
  if (language === 'conf') {
    const kw = /^(\s*)([A-Za-z_][A-Za-z0-9_-]*)(.*)$/.exec(text);
    if (kw) {
      return (
        <>
          {kw[1]}
          <span className="hl-key">{kw[2]}</span>
          {withSecrets(kw[3]!, key)}
        </>
      );
    }
  }
  if (language === 'sh') {
    const cmd = /^(\s*)([\w./-]+)(.*)$/.exec(text);
    if (cmd) {
      return (
        <>
          {cmd[1]}
          <span className="hl-command">{cmd[2]}</span>
          {withSecrets(cmd[3]!, key)}
        </>
      );
    }
  }
  return withSecrets(text, key);
}

/** A code block with light syntax highlighting (comments, sections, keys, commands, secret references). */
export function Highlighted({ text, language }: { text: string; language: 'sh' | 'ini' | 'conf' }) {
  const lines = text.replace(/\n$/, '').split('\n');
  return (
    <pre className="plan-code">
      <code>
        {lines.map((l, i) => (
          <span key={i} className="hl-line">
            {line(l, language, String(i))}
            {'\n'}
          </span>
        ))}
      </code>
    </pre>
  );
}
