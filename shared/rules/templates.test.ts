import { describe, expect, it } from 'vitest';
import bookComplete from '../../assets/templates/book-complete.quorum?raw';
import bookLab from '../../assets/templates/book-lab.quorum?raw';
import dvr from '../../assets/templates/dvr.quorum?raw';
import fieldReport from '../../assets/templates/field-report.quorum?raw';
import haReference from '../../assets/templates/ha-guide-reference.quorum?raw';
import legacyDrbd from '../../assets/templates/legacy-drbd.quorum?raw';
import { parseProjectFile } from '../design/project-file';
import { validate } from './validate';

describe('the templates', () => {
  it.each([
    ['book-lab', bookLab],
    ['field-report', fieldReport],
    ['ha-guide-reference', haReference],
    ['dvr', dvr],
    ['book-complete', bookComplete],
    ['legacy-drbd', legacyDrbd],
  ])('%s validates with no errors', (_name, text) => {
    const parsed = parseProjectFile(text);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.error));
    const errors = validate(parsed.design).filter((f) => f.severity === 'error');
    expect(errors.map((f) => `${f.ruleId}: ${f.message}`)).toEqual([]);
  });
});
