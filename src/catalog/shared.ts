/** One catalog for the reports of a process (loading compiles every schema once): provenance and the reporters share it. */
import { loadCatalog, type Catalog } from './catalog.js';

let shared: Promise<Catalog> | undefined;

export function sharedCatalog(): Promise<Catalog> {
  shared ??= loadCatalog();
  return shared;
}
