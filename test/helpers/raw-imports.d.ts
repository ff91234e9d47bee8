// Vite's `?raw` imports (file contents as a string), used by tests to load SQL into the EDC.
declare module "*?raw" {
  const text: string;
  export default text;
}
