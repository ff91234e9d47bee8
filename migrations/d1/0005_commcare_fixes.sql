-- CommCare fixes (audit of issue 5).
--
-- A submission's instanceID is kept apart from the stored form id: idempotence is per domain
-- ("this domain already has that instanceID"), and a form whose instanceID is already used by
-- ANOTHER domain is stored under a fresh id, as HQ's `_handle_id_conflict` does, instead of being
-- dropped (which also told the submitter that the id exists elsewhere).
ALTER TABLE cc_forms ADD COLUMN instance_id TEXT;
UPDATE cc_forms SET instance_id = id WHERE instance_id IS NULL;
CREATE UNIQUE INDEX cc_forms_instance ON cc_forms(domain_id, instance_id);

-- Case dates are now written in one UTC form, `YYYY-MM-DDTHH:MM:SS.ffffffZ` (the form of every
-- form-side date), because filters and order_by compare them as strings. Rows stored before that
-- kept the phone's text (`…+02:00`, `…:00Z`); rewrite the ones SQLite can read (it converts an
-- offset to UTC; it keeps milliseconds, so a sub-millisecond part of such a value is lost).
UPDATE cc_cases SET modified_on = strftime('%Y-%m-%dT%H:%M:%f', modified_on) || '000Z'
  WHERE modified_on NOT GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9].[0-9][0-9][0-9][0-9][0-9][0-9]Z'
    AND strftime('%Y-%m-%dT%H:%M:%f', modified_on) IS NOT NULL;
UPDATE cc_cases SET opened_on = strftime('%Y-%m-%dT%H:%M:%f', opened_on) || '000Z'
  WHERE opened_on NOT GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9].[0-9][0-9][0-9][0-9][0-9][0-9]Z'
    AND strftime('%Y-%m-%dT%H:%M:%f', opened_on) IS NOT NULL;
UPDATE cc_cases SET closed_on = strftime('%Y-%m-%dT%H:%M:%f', closed_on) || '000Z'
  WHERE closed_on NOT GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9].[0-9][0-9][0-9][0-9][0-9][0-9]Z'
    AND strftime('%Y-%m-%dT%H:%M:%f', closed_on) IS NOT NULL;
