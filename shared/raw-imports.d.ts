/** Text files imported whole by tests (Vite's `?raw` suffix), e.g. the sample project files. */
declare module '*.quorum?raw' {
  const text: string;
  export default text;
}

declare module '*.json?raw' {
  const text: string;
  export default text;
}
