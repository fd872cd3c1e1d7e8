/**
 * Passport and driver's licence numbers look like any other code (X12345678, D123-4567-8901), so
 * they are found only right after their label: "passport", "driver's license", "DL", "license no.".
 */
import { labelledValues, type Detector } from './detector.ts';

const FILLER = '(?:\\s+(?:no|nos|number|num|#|is|was)\\.?){0,2}\\s*[:#]?\\s*';
const PASSPORT = new RegExp(`\\bpassport${FILLER}([A-Z0-9]{6,9})\\b`, 'gid');
const LICENCE = new RegExp(`(?:\\bdriver'?s?['’]?\\s+licen[cs]e|\\bDL\\b|\\blicen[cs]e(?=\\s+(?:no|number|num|#)))${FILLER}([A-Z0-9][A-Z0-9-]{3,17}[A-Z0-9])\\b`, 'gid');

export const passport: Detector = { kind: 'passport', find: (text) => labelledValues(text, PASSPORT) };
export const driversLicense: Detector = { kind: 'drivers-license', find: (text) => labelledValues(text, LICENCE) };
