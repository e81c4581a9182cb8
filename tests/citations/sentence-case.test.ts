import { describe, expect, it } from 'vitest';
import { toSentenceCase } from '../../src/citations/index.js';

describe('toSentenceCase', () => {
  it.each([
    ['Coercive Engagement toward North Korea', 'Coercive engagement toward North Korea'],
    ['Famine in North Korea: Markets, Aid, and Reform', 'Famine in North Korea: Markets, aid, and reform'],
    [
      'Threats and Promises: the Pursuit of International Influence',
      'Threats and promises: The pursuit of international influence',
    ],
    ['North Korea and the ROK-U.S. Security Alliance', 'North Korea and the ROK-U.S. security alliance'],
    ['Double-Edged Diplomacy', 'Double-edged diplomacy'],
    ['The Nunn-Lugar Concept', 'The Nunn-Lugar concept'],
    [
      'Revisiting the S. Korea’s Engagement Policy toward N. Korea',
      'Revisiting the S. Korea’s engagement policy toward N. Korea',
    ],
    [
      'Can America Pay Kim Jong Il? Plan ‘C’: A New Option',
      'Can America pay Kim Jong Il? Plan ‘C’: A new option',
    ],
    [
      'Sunshine or Thunder? Tension between the Kim and Bush Administrations',
      'Sunshine or thunder? Tension between the Kim and Bush administrations',
    ],
    // A hyphenated proper noun keeps its capitals; a hyphenated adjective does not.
    [
      'North Korea’s Nuclear and Missile Tests and Six-Party Talks: Where Do We Go from Here?',
      'North Korea’s nuclear and missile tests and Six-Party Talks: Where do we go from here?',
    ],
    ['Six-Party Talks and Double-Edged Diplomacy', 'Six-Party Talks and double-edged diplomacy'],
  ])('%s', (title, expected) => {
    expect(toSentenceCase(title)).toBe(expected);
  });
});
