// The objects a build makes for its uses: one per directive of the tree (168,000 at 200,000
// lines). What follows from the line (its name and words) and from the kind of use is read
// through the prototype instead of kept in three more fields per use.

import { lineName, type DirectiveLine, type Section, type SectionOpenLine, type Word } from '../parser';
import type { DirectiveUse, Scope, SectionUse } from './types';

export class DirectiveUseObject {
  // Declared only, the constructor makes them (a class field's initializer is slow).
  declare file: string;
  declare line: DirectiveLine | SectionOpenLine;
  declare key: string;
  declare args: string[];
  declare active: boolean;
  declare inactiveReason: string | undefined;
  declare parents: SectionUse[];
  declare conditions: SectionUse[];
  declare scope: Scope;
  declare index: number;
  /** The prototype's (see below). */
  declare readonly isSection: boolean;
  constructor(
    file: string,
    line: DirectiveLine | SectionOpenLine,
    key: string,
    args: string[],
    active: boolean,
    inactiveReason: string | undefined,
    parents: SectionUse[],
    conditions: SectionUse[],
    scope: Scope,
    index: number,
  ) {
    this.file = file;
    this.line = line;
    this.key = key;
    this.args = args;
    this.active = active;
    this.inactiveReason = inactiveReason;
    this.parents = parents;
    this.conditions = conditions;
    this.scope = scope;
    this.index = index;
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
  constructor(
    file: string,
    section: Section,
    key: string,
    args: string[],
    active: boolean,
    inactiveReason: string | undefined,
    parents: SectionUse[],
    conditions: SectionUse[],
    scope: Scope,
    index: number,
  ) {
    super(file, section.open, key, args, active, inactiveReason, parents, conditions, scope, index);
    this.condition = undefined;
    this.children = [];
    this.section = section;
  }
}

Object.defineProperty(SectionUseObject.prototype, 'isSection', { value: true });
