import { escapeText } from "../xml/write";

export const OPENROSA_SUCCESS = "   √   ";

/** An `OpenRosaResponse` document (OpenRosa Form Submission API). */
export function openRosaResponse(nature: "submit_success" | "processing_failure", message: string): string {
  return `<OpenRosaResponse xmlns="http://openrosa.org/http/response"><message nature="${nature}">${escapeText(message)}</message></OpenRosaResponse>`;
}
