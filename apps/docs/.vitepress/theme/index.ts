import type { Theme } from 'vitepress';
import DefaultTheme from 'vitepress/theme';
import BenchReport from './components/BenchReport.vue';
import ModelTable from './components/ModelTable.vue';
import SnippetRunner from './components/SnippetRunner.vue';
import SwslPlayground from './components/SwslPlayground.vue';
import './custom.css';

export default {
  extends: DefaultTheme,
  enhanceApp({ app }) {
    app.component('BenchReport', BenchReport);
    app.component('ModelTable', ModelTable);
    app.component('SwslPlayground', SwslPlayground);
    app.component('SnippetRunner', SnippetRunner);
  },
} satisfies Theme;
