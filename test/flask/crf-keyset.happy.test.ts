import { describe, expect, it } from "vitest";
import { crfIdsPage } from "../../src/flask/crf/queries";
import { docsById, docsBySubject } from "../../src/flask/data-server/queries";
import { formDocsPage } from "../../src/flask/subject/queries";
import { db, search } from "../helpers/flask-keyset";

describe("Forms keyset reads (grouped / partial extract, CSV zip, get-CRF-data-ids)", () => {
  const all = { siteIds: null, subjectId: null };

  it("each SEARCHes its study or subject index from the cursor", async () => {
    expect(
      await search(
        docsBySubject(
          db,
          101,
          all,
          { statuses: ["Started", "Closed"], crfNames: ["Vitals"], formIds: [] },
          { subjectId: 3, id: 2 },
        ).toSQL(),
        "forms_crf_data",
      ),
    ).toBe("SEARCH forms_crf_data USING INDEX forms_crf_data_study_subject (study_id=? AND subject_id>?)");
    expect(
      await search(
        docsBySubject(db, 101, { siteIds: [1001], subjectId: null }, { statuses: ["Started"] }, { subjectId: 3, id: 2 }).toSQL(),
        "forms_crf_data",
      ),
    ).toBe("SEARCH forms_crf_data USING INDEX forms_crf_data_study_subject (study_id=? AND subject_id>?)");
    expect(await search(docsById(db, 101, all, {}, 5).toSQL(), "forms_crf_data")).toBe(
      "SEARCH forms_crf_data USING INDEX forms_crf_data_study_id (study_id=? AND id>?)",
    );
    expect(await search(formDocsPage(db, 101, 1, all, 5).toSQL(), "forms_crf_data")).toBe(
      "SEARCH forms_crf_data USING INDEX forms_crf_data_study_form (study_id=? AND form_id=? AND id>?)",
    );
    for (const event of [undefined, "Week 1"]) {
      expect(await search(crfIdsPage(db, 1, "Vitals", event, 5).toSQL(), "forms_crf_data")).toBe(
        "SEARCH forms_crf_data USING INDEX forms_crf_data_subject_crf (subject_id=? AND crf_name=? AND id>?)",
      );
    }
  });
});
