/**
 * Sizes of CommCare text fields, checked with a clear 400 before a write, so that D1's own limits
 * (2,000,000 bytes per row or string; an audit row carries an entity's before and after) are never
 * what refuses a request with a 500.
 */

/** `SQLLocation.name` and `site_code` are `CharField(max_length=255)` in HQ. */
export const MAX_LOCATION_NAME_CHARS = 255;
export const MAX_SITE_CODE_CHARS = 255;
/** The custom location data as stored JSON: far more than any field set needs, far below a row. */
export const MAX_LOCATION_DATA_BYTES = 64 * 1024;

/**
 * The XML of one submission. The form row stores the XML and its JSON (about the same size again),
 * so 600,000 bytes keeps the row well under D1's 2,000,000; real XForm instances are a few KB to
 * a few hundred KB. Attachments in a multipart body are not counted (they are not stored).
 */
export const MAX_SUBMISSION_XML_BYTES = 600_000;
/** The stored form row (XML + form JSON + metadata JSON), checked after conversion. */
export const MAX_FORM_ROW_BYTES = 1_800_000;
/** One case row (its properties and form ids grow over submissions); its audit row holds two copies. */
export const MAX_CASE_ROW_BYTES = 900_000;

const encoder = new TextEncoder();
export const utf8Bytes = (s: string) => encoder.encode(s).byteLength;
