/*
 * citeproc compiles each style on first use (about a second per process), and vitest gives every test
 * file its own process; the formatting cases therefore live in *.cases.ts modules run from this one file.
 */
import './documents.cases.js';
import './references.cases.js';
import './locators.cases.js';
import './markdown.cases.js';
import './corpus.cases.js';
import './passage.cases.js';
