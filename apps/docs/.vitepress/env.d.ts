// The site's TypeScript (theme entry, tests) imports .vue components; their types come from Vue's compiler at build.
declare module '*.vue' {
  import type { DefineComponent } from 'vue';

  const component: DefineComponent;
  export default component;
}
