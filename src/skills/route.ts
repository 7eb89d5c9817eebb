/**
 * Assigning a task to a skill (product spec section 6, step 3): an explicit skill wins, then an
 * explicit type, then keyword rules over the title and requirements. Pure: no I/O.
 */
import { BoError } from '../core/errors.js';
import type { Skill } from './builtin.js';
import { findSkill } from './catalog.js';

export interface RoutingRules {
  rules: { skill: string; keywords: string[] }[];
  default: string;
}

export interface RouteInput {
  title: string;
  requirements?: readonly string[];
  type?: string | undefined;
  skill?: string | undefined;
}

export interface RouteDecision {
  skill: string;
  type: string;
  /** Why: `explicit skill`, `type api`, `keywords: migration, index` or `default`. */
  reason: string;
}

/** Lower-case words of a text; `/api/v1/products` gives `api`, `v1`, `products`. */
export function words(text: string): string[] {
  return text.toLowerCase().split(/[^a-z0-9]+/).filter(Boolean);
}

function keywordMatches(keyword: string, word: string): boolean {
  const k = keyword.toLowerCase();
  if (k.endsWith('*')) return word.startsWith(k.slice(0, -1));
  return word === k || word === `${k}s` || word === `${k}es`;
}

/** Keyword hits of one rule in the given words, in the order the keywords are listed. */
function hits(keywords: readonly string[], textWords: readonly string[], phrase: string): string[] {
  const found: string[] = [];
  for (const keyword of keywords) {
    const multiWord = /[^a-z0-9*]/i.test(keyword.replace(/\*$/, ''));
    const matched = multiWord ? phrase.includes(keyword.toLowerCase()) : textWords.some((w) => keywordMatches(keyword, w));
    if (matched) found.push(keyword);
  }
  return found;
}

export function routeTask(input: RouteInput, skills: readonly Skill[], routing: RoutingRules): RouteDecision {
  if (input.skill) {
    const skill = findSkill(skills, input.skill);
    return { skill: skill.name, type: input.type ?? skill.types[0] ?? skill.name.replace(/-skill$/, ''), reason: 'explicit skill' };
  }
  if (input.type) {
    const type = input.type.toLowerCase();
    const skill = skills.find((s) => s.types.includes(type));
    if (!skill) {
      const known = [...new Set(skills.flatMap((s) => s.types))].sort();
      throw new BoError('BO_ERR_INPUT_INVALID', `unknown task type "${input.type}" (known: ${known.join(', ')})`);
    }
    return { skill: skill.name, type, reason: `type ${type}` };
  }

  const text = [input.title, ...(input.requirements ?? [])].join(' ');
  const textWords = words(text);
  const phrase = text.toLowerCase();
  // Two tiers: what the team configured (routing rules, custom skills' keywords) decides when it
  // matches at all; the built-in keywords only decide otherwise. Within a tier, most hits wins
  // and the earlier candidate wins a tie.
  const tiers = [
    [
      ...routing.rules.map((rule) => ({ skill: rule.skill, keywords: rule.keywords })),
      ...skills.filter((skill) => !skill.builtin).map((skill) => ({ skill: skill.name, keywords: skill.keywords })),
    ],
    skills.filter((skill) => skill.builtin).map((skill) => ({ skill: skill.name, keywords: skill.keywords })),
  ];
  let best: { skill: string; found: string[] } | undefined;
  for (const tier of tiers) {
    for (const candidate of tier) {
      const found = hits(candidate.keywords, textWords, phrase);
      if (found.length > 0 && (!best || found.length > best.found.length)) best = { skill: candidate.skill, found };
    }
    if (best) break;
  }
  const chosen = findSkill(skills, best?.skill ?? routing.default);
  return {
    skill: chosen.name,
    type: chosen.types[0] ?? chosen.name.replace(/-skill$/, ''),
    reason: best ? `keywords: ${best.found.join(', ')}` : 'default',
  };
}
