// Vite turns `import url from './x.jpg?url'` into the URL of the file it emits into the built site.
declare module '*.jpg?url' {
  const url: string;
  export default url;
}
