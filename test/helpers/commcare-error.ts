import { expect } from "vitest";
import { CommCareError } from "../../src/commcare/errors";

/** The `error` text a CommCare check throws, or null when it accepts the input. */
export const errorOf = (fn: () => unknown) => {
  try {
    fn();
    return null;
  } catch (e) {
    expect(e).toBeInstanceOf(CommCareError);
    return (e as CommCareError).error;
  }
};
