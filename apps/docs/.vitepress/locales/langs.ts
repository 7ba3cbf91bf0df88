// Replaces the default theme's `composables/langs` (aliased in config.ts): the language menu links to the same page
// in the other language only where that page exists. The Korean site mirrors the guide, not the generated CLI and
// API references, so on those English pages "한국어" leads to the Korean home instead of a missing page. The query
// string is kept.
import { useData } from 'vitepress';
import { computed, getCurrentInstance, onMounted, ref } from 'vue';

/** The theme config field (set in config.ts) listing the pages every locale has, relative to the locale's root. */
export interface TranslatedPagesConfig {
  readonly translatedPages?: readonly string[];
}

export function useLangs({ correspondingLink = false } = {}) {
  const { site, localeIndex, page, theme, hash } = useData<TranslatedPagesConfig & { i18nRouting?: boolean }>();
  // The page's query (e.g. the playground's `?hfEndpoint=`) goes along to the other language. Read after mounting:
  // the server-rendered link has none, and a link that differed during hydration would be a mismatch.
  const search = ref('');
  if (getCurrentInstance()) onMounted(() => (search.value = location.search));
  const currentLang = computed(() => ({
    label: site.value.locales[localeIndex.value]?.label,
    link:
      site.value.locales[localeIndex.value]?.link || (localeIndex.value === 'root' ? '/' : `/${localeIndex.value}/`),
  }));
  const localeLinks = computed(() =>
    Object.entries(site.value.locales).flatMap(([key, value]) => {
      if (currentLang.value.label === value.label) return [];
      const home = value.link || (key === 'root' ? '/' : `/${key}/`);
      const path = page.value.relativePath.slice(currentLang.value.link.length - 1);
      const translated = theme.value.translatedPages?.includes(path) ?? false;
      const addPath = theme.value.i18nRouting !== false && correspondingLink && translated;
      const link = localeLink(home, addPath, path, !site.value.cleanUrls) + search.value + hash.value;
      return { text: value.label, link };
    }),
  );
  return { localeLinks, currentLang };
}

/** The default theme's link rule: `<locale home>/<path>`, `index.md` as its folder, `.md` as `.html` (or nothing). */
function localeLink(home: string, addPath: boolean, path: string, addExt: boolean): string {
  if (!addPath) return home;
  const page = path.replace(/(^|\/)index\.md$/, '$1').replace(/\.md$/, addExt ? '.html' : '');
  return `${home.replace(/\/$/, '')}/${page.replace(/^\//, '')}`;
}
