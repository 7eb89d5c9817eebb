/**
 * The part of a file that `bo init --agent` owns, and how to put it in place. A SKILL.md is ours
 * whole; an MCP client config is shared with the user's other servers, so only our server's entry
 * is ours and the rest of the file is left as the user wrote it. Pure: text in, text out.
 */

/** Our part as it stands in a file. `canonical` compares equal when the meaning is the same. */
export type PartOnDisk =
  | { kind: 'absent' }
  | { kind: 'present'; canonical: string }
  /** The file cannot be read safely (broken JSON, our entry in a form we cannot edit): left alone. */
  | { kind: 'unreadable'; reason: string };

export interface ManagedPart {
  /** The file, relative to the project root, with forward slashes. */
  file: string;
  /** Our part as we want it, canonical (comparable with `PartOnDisk.canonical`). */
  desired: string;
  /** Our part in an existing file's text. */
  read(text: string): PartOnDisk;
  /** The file's new text: `text` (the existing file, if any) with our part put in place. */
  render(text: string | undefined): string;
}

/** A file that is ours from the first byte to the last. */
export function wholeFile(file: string, content: string): ManagedPart {
  return {
    file,
    desired: content,
    read: (text) => ({ kind: 'present', canonical: text }),
    render: () => content,
  };
}
