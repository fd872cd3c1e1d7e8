/** Alien registration numbers (A-Numbers): A followed by 8 or 9 digits, written A123456789, A-123-456-789, A 12345678 or A# 123456789. */
import { matchesOf, type Detector } from './detector.ts';

const A_NUMBER = /(?<![\w-])A(?:#\s?|[- ])?(?:\d{3}[- ]?\d{3}[- ]?\d{3}|\d{2}[- ]?\d{3}[- ]?\d{3})(?![\w-]?\d)/g;

export const aNumber: Detector = { kind: 'a-number', find: (text) => matchesOf(text, A_NUMBER) };
