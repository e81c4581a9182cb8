import { indexTerms, isStopWord } from '../text/index.js';

/**
 * Groups of words and phrases a study group uses interchangeably when asking about international politics.
 * Readers ask in their own words ("bomb", "carrots and sticks", "the UN"), the texts use theirs; the groups
 * bridge the two. This is general vocabulary of the field, not a description of any one document.
 */
export const THESAURUS: readonly (readonly string[])[] = [
  ['UN', 'United Nations', 'UNSC', 'Security Council', 'resolution'],
  ['nuclear', 'atomic', 'nuke', 'bomb', 'warhead', 'weapons of mass destruction', 'WMD'],
  ['test', 'testing', 'detonation', 'explosion'],
  [
    'coercion',
    'coercive',
    'pressure',
    'compel',
    'compellence',
    'stick',
    'sticks',
    'threat',
    'punishment',
    'force',
  ],
  ['engagement', 'engage', 'dialogue', 'talks', 'negotiation', 'negotiate', 'diplomacy', 'diplomatic'],
  [
    'incentive',
    'reward',
    'carrot',
    'carrots',
    'aid',
    'assistance',
    'inducement',
    'positive sanctions',
    'benefit',
  ],
  ['sanction', 'sanctions', 'embargo', 'penalty'],
  ['military', 'army', 'armed forces', 'troops', 'defense', 'buildup'],
  ['strike', 'attack', 'military option', 'use of force', 'war', 'pre-emptive'],
  ['Japan', 'Japanese', 'Tokyo'],
  ['China', 'Chinese', 'Beijing'],
  ['North Korea', 'Pyongyang', 'DPRK'],
  ['South Korea', 'Seoul', 'ROK'],
  ['United States', 'US', 'America', 'American', 'Washington'],
  ['denuclearization', 'disarmament', 'dismantle', 'abandon', 'give up'],
  ['proliferation', 'spread', 'nonproliferation', 'non-proliferation'],
  ['region', 'regional', 'Asia', 'Asian', 'neighbors', 'neighbours', 'East Asia'],
  ['alliance', 'ally', 'allies', 'coalition', 'collective', 'multilateral', 'cooperation', 'coordinated'],
  [
    'miscalculation',
    'misperception',
    'misperceived',
    'misunderstanding',
    'miscommunication',
    'misread',
    'misreading',
    'misjudge',
    'misinterpret',
  ],
  ['escalation', 'escalate', 'tension', 'conflict', 'confrontation', 'crisis'],
  ['isolation', 'isolate', 'isolated'],
  ['transparency', 'verification', 'inspection', 'oversight', 'control measures', 'supervising'],
  ['Nunn-Lugar', 'cooperative threat reduction', 'threat reduction'],
  ['famine', 'food', 'hunger'],
  ['sunshine policy', 'Kim Dae-jung', 'engagement policy'],
  ['leader', 'leaders', 'leadership', 'regime', 'Kim Jong Un', 'Kim Jong Il'],
  ['cost-benefit', 'calculation', 'calculus', 'incentives'],
  ['strategy', 'strategic', 'approach', 'policy', 'plan'],
  ['framework', 'institution', 'forum', 'mechanism', 'code'],
  ['persuasion', 'persuasive', 'persuade', 'convince'],
  ['deterrence', 'deter', 'deterrent'],
  ['rehabilitation', 'transformation', 'reform', 'change'],
  ['provocation', 'provocations', 'provocative', 'provoke'],
  ['prevent', 'avoid', 'avoidance', 'avert', 'forestall'],
  ['option', 'options', 'on the table', 'alternative', 'choice'],
  ['review', 'rethink', 'reconsider', 'reassess', 'revisit'],
  ['cycle', 'loop', 'spiral', 'pattern'],
  ['stable', 'unstable', 'stability', 'instability'],
  ['rely', 'reliance', 'depend', 'dependence', 'based'],
  ['talks', 'dialogue', 'negotiation', 'negotiations'],
];

export interface Thesaurus {
  /** Index terms related to the given index term (excluding itself). */
  expand(term: string): string[];
  /** Related phrases of several words, as index-term sequences: a passage must hold every word. */
  expandPhrases(term: string): string[][];
  /** Surface words related to the given index term, for "related terms" hints. */
  relatedWords(term: string): string[];
  /**
   * Phrases that lose their meaning once stop words are dropped ("give up" is not "give"), as lowercase
   * word sequences, each with the index term that carries the phrase's meaning.
   */
  idioms: ReadonlyArray<{ words: readonly string[]; term: string }>;
  /**
   * Names and terms of art of several words ("Security Council", "Kim Jong Un"), as index-term sequences.
   * Typed in full, they are taken literally: "Un" in "Kim Jong Un" is not the UN.
   */
  phrases: ReadonlyArray<readonly string[]>;
}

export function buildThesaurus(groups: readonly (readonly string[])[] = THESAURUS): Thesaurus {
  // Only single-word members expand and are expanded to: a phrase's words mean the phrase only together,
  // so "give" is not "give up" and "measures" is not "control measures".
  const oneWord = (phrase: string) => !/[\s-]/.test(phrase.trim());
  const groupTerms = groups.map(
    (group) => new Set(group.filter(oneWord).flatMap((phrase) => indexTerms(phrase))),
  );
  const triggers = new Map<string, Set<number>>();
  groups.forEach((group, groupIndex) => {
    for (const phrase of group) {
      const terms = indexTerms(phrase);
      if (terms.length !== 1 || !oneWord(phrase)) continue;
      const [term] = terms as [string];
      const memberships = triggers.get(term) ?? new Set<number>();
      memberships.add(groupIndex);
      triggers.set(term, memberships);
    }
  });
  const idioms: Array<{ words: string[]; term: string }> = [];
  const phrases: string[][] = [];
  const groupPhrases: string[][][] = groups.map(() => []);
  groups.forEach((group, groupIndex) => {
    const canonical = group.map((phrase) => indexTerms(phrase)).find((terms) => terms.length === 1)?.[0];
    for (const phrase of group) {
      const words = phrase.toLowerCase().split(/[\s-]+/);
      if (words.length < 2) continue;
      if (!words.some((word) => isStopWord(word))) {
        phrases.push(indexTerms(phrase));
        groupPhrases[groupIndex]?.push(indexTerms(phrase));
      } else if (canonical) idioms.push({ words, term: canonical });
    }
  });
  return {
    idioms,
    phrases,
    expand(term) {
      const related = new Set<string>();
      for (const groupIndex of triggers.get(term) ?? []) {
        for (const other of groupTerms[groupIndex] ?? []) if (other !== term) related.add(other);
      }
      return [...related];
    },
    expandPhrases(term) {
      const related = new Map<string, string[]>();
      for (const groupIndex of triggers.get(term) ?? [])
        for (const phrase of groupPhrases[groupIndex] ?? [])
          if (!phrase.includes(term)) related.set(phrase.join(' '), phrase);
      return [...related.values()];
    },
    relatedWords(term) {
      const words = new Set<string>();
      for (const groupIndex of triggers.get(term) ?? []) {
        for (const phrase of groups[groupIndex] ?? []) {
          if (!indexTerms(phrase).includes(term)) words.add(phrase);
        }
      }
      return [...words];
    },
  };
}
