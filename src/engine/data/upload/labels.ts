/**
 * The labels of an upload's examples, as they arrive: the class and example
 * limits stop a file as soon as it passes them, and `finish` checks that
 * the classes can make a dataset.
 */
import { checkClassName, quoted } from './names';
import { grouped, type UploadLimits } from '../../../core/upload/limits';
import { fail } from './upload-error';

export interface LabelledClasses {
  /** Class names, label = index: numeric labels in numeric order, others in code-unit order (the same file always gives the same labels). */
  classes: string[];
  /** Class index per example. */
  y: Int32Array;
}

export class Labels {
  private readonly labels: string[] = [];
  private readonly counts = new Map<string, number>();

  constructor(private readonly limits: UploadLimits) {}

  get count(): number {
    return this.labels.length;
  }

  /** Adds the next example's label (spaces around it dropped); `where` names the example (a row, a line, a file) in messages. */
  add(raw: string, where: string): void {
    const label = raw.trim();
    const { classes, examples } = this.limits;
    if (this.labels.length === examples)
      fail(`holds more than ${grouped(examples)} examples; an upload may have at most ${grouped(examples)}`);
    if (!this.counts.has(label)) {
      checkClassName(label, where, this.limits);
      if (this.counts.size === classes)
        fail(`holds more than ${classes} classes; an upload may have at most ${classes}`);
    }
    this.counts.set(label, (this.counts.get(label) ?? 0) + 1);
    this.labels.push(label);
  }

  /** The classes and each example's class index, once every example is in. */
  finish(): LabelledClasses {
    const names = [...this.counts.keys()];
    const { minClasses, minPerClass } = this.limits;
    if (names.length === 0) fail('holds no examples');
    if (names.length < minClasses) {
      fail(
        `holds only ${names.length === 1 ? `one class (${quoted(names[0])})` : `${names.length} classes`}; a dataset needs at least ${minClasses} classes to tell apart`,
      );
    }
    for (const [name, count] of this.counts) {
      if (count < minPerClass) {
        fail(
          `class ${quoted(name)} has only ${count} example${count === 1 ? '' : 's'}; every class needs at least ${minPerClass}, one for training and one for testing`,
        );
      }
    }
    const numeric = names.every((name) => name.trim() !== '' && Number.isFinite(Number(name)));
    const classes = names.sort(numeric ? (a, b) => Number(a) - Number(b) : (a, b) => (a < b ? -1 : a > b ? 1 : 0));
    const index = new Map(classes.map((name, i) => [name, i]));
    return { classes, y: Int32Array.from(this.labels, (label) => index.get(label)!) };
  }
}
