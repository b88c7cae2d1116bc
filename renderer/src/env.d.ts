declare module '*.css';
declare module '*.quorum?raw' {
  const text: string;
  export default text;
}
