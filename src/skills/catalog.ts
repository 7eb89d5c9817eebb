/**
 * The skills in force: the built-in five, with the config's custom skills added and its
 * overrides of built-in ones applied.
 */
import type { Config } from '../config/schema.js';
import { BoError } from '../core/errors.js';
import { BUILTIN_SKILLS, type Skill } from './builtin.js';

export function skillCatalog(config: Pick<Config, 'skills'>): Skill[] {
  const skills = new Map<string, Skill>(BUILTIN_SKILLS.map((skill) => [skill.name, { ...skill }]));
  for (const [name, custom] of Object.entries(config.skills)) {
    const base = skills.get(name);
    skills.set(name, {
      name,
      description: custom.description ?? base?.description ?? '',
      types: custom.types ?? base?.types ?? [],
      keywords: custom.keywords ?? base?.keywords ?? [],
      gates: custom.gates ?? base?.gates ?? [],
      executor: custom.executor ?? base?.executor ?? { kind: 'manual' },
      builtin: base !== undefined,
    });
  }
  return [...skills.values()];
}

export function findSkill(skills: readonly Skill[], name: string): Skill {
  const normalized = name.endsWith('-skill') ? name : `${name}-skill`;
  const skill = skills.find((s) => s.name === name || s.name === normalized);
  if (!skill) {
    throw new BoError('BO_ERR_SKILL_UNKNOWN', `unknown skill "${name}" (known: ${skills.map((s) => s.name).join(', ')})`);
  }
  return skill;
}
