import { conflict } from "../lib/problem";

/** Closed studies (status_id 2) are read-only (flaskdata-api.md §5.14): 409. */
export function assertOpen(study: { id: number; statusId: number }) {
  if (study.statusId === 2) throw conflict("study_closed", `Study ${study.id} is closed and read-only.`);
}
