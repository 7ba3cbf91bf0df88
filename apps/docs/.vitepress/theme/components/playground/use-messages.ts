import { useData } from 'vitepress';
import { type ComputedRef, computed } from 'vue';
import { langOf, type Messages, messagesFor } from '../../../../src/playground/messages.js';

/** The playground's strings in the page's language: VitePress's `lang` ('ko-KR' on the /ko/ pages) picks them. */
export function useMessages(): ComputedRef<Messages> {
  const { lang } = useData();
  return computed(() => messagesFor(langOf(lang.value)));
}
