import { describe, expect, it } from 'vitest';
import { statedDate, statedNames } from '../../src/ingest/metadata.js';

describe('stated metadata', () => {
  it('reads dates in the forms files print, and keeps any other form as printed', () => {
    expect(statedDate('2013')).toEqual({ 'date-parts': [[2013]] });
    expect(statedDate('2013-04-15T10:00:00Z')).toEqual({ 'date-parts': [[2013, 4, 15]] });
    expect(statedDate('2021/5/3')).toEqual({ 'date-parts': [[2021, 5, 3]] });
    expect(statedDate("D:20130415093000+09'00'")).toEqual({ 'date-parts': [[2013, 4, 15]] });
    expect(statedDate('Spring 2013')).toEqual({ literal: 'Spring 2013' });
    expect(statedDate('  ')).toBeUndefined();
  });

  it('splits a name only where a comma says which part is the family name', () => {
    expect(statedNames('Park, Jane')).toEqual([{ family: 'Park', given: 'Jane' }]);
    expect(statedNames('Jane Park')).toEqual([{ literal: 'Jane Park' }]);
    expect(statedNames('Jane Park; Min-jun Kim')).toEqual([
      { literal: 'Jane Park' },
      { literal: 'Min-jun Kim' },
    ]);
    expect(statedNames('Jane Park and Min-jun Kim')).toEqual([
      { literal: 'Jane Park' },
      { literal: 'Min-jun Kim' },
    ]);
    expect(statedNames('Jane Park, Min-jun Kim')).toEqual([
      { literal: 'Jane Park' },
      { literal: 'Min-jun Kim' },
    ]);
    expect(statedNames('Korea Foundation')).toEqual([{ literal: 'Korea Foundation' }]);
  });
});
