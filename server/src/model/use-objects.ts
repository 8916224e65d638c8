// The objects a build makes for its uses: one per directive of the tree (168,000 at 200,000
// lines). What follows from the line (its name and words) and from the kind of use is read
// through the prototype instead of kept in three more fields per use, and what every use read in
// the same section of the same file shares (file, scope, parents, conditions, whether it is
// active) sits in one context object for them all: five fields fewer per use.

import { lineName, type DirectiveLine, type Section, type SectionOpenLine, type Word } from '../parser';
import type { DirectiveUse, Scope, SectionUse } from './types';

/** What the uses read in one section of one file share. Its parents and conditions are re-pointed when a file's uses are replayed under the tree's new arrays. */
export interface UseContext {
  file: string;
  active: boolean;
  inactiveReason: string | undefined;
  parents: SectionUse[];
  conditions: SectionUse[];
  scope: Scope;
}

export class DirectiveUseObject {
  // Declared only, the constructor makes them (a class field's initializer is slow).
  declare line: DirectiveLine | SectionOpenLine;
  declare key: string;
  declare args: string[];
  declare context: UseContext;
  declare index: number;
  /** The prototype's (see below). */
  declare readonly isSection: boolean;
  constructor(line: DirectiveLine | SectionOpenLine, key: string, args: string[], context: UseContext, index: number) {
    this.line = line;
    this.key = key;
    this.args = args;
    this.context = context;
    this.index = index;
  }

  get file(): string {
    return this.context.file;
  }

  get active(): boolean {
    return this.context.active;
  }

  get inactiveReason(): string | undefined {
    return this.context.inactiveReason;
  }

  get parents(): SectionUse[] {
    return this.context.parents;
  }

  get conditions(): SectionUse[] {
    return this.context.conditions;
  }

  get scope(): Scope {
    return this.context.scope;
  }

  /** Name as written (sections without '<'). */
  get name(): string {
    return lineName(this.line);
  }

  /** The words as written, for positions. */
  get words(): Word[] {
    return this.line.args;
  }
}

Object.defineProperty(DirectiveUseObject.prototype, 'isSection', { value: false });

export class SectionUseObject extends DirectiveUseObject {
  declare line: SectionOpenLine;
  declare readonly isSection: true;
  declare condition: { value: boolean; reason: string } | undefined;
  declare children: DirectiveUse[];
  declare section: Section;
  constructor(section: Section, key: string, args: string[], context: UseContext, index: number) {
    super(section.open, key, args, context, index);
    this.condition = undefined;
    this.children = [];
    this.section = section;
  }
}

Object.defineProperty(SectionUseObject.prototype, 'isSection', { value: true });
