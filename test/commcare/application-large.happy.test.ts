import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { ccJson } from "../helpers/commcare";

// D1 binds at most 100 parameters per statement: lists of more than 90 apps, modules or forms are
// read in chunks (src/commcare/in-chunks.ts), none silently dropped.
const APPS = 100;
const FORMS = 120;
const appId = (i: number) => `big-app-${String(i).padStart(3, "0")}`;

beforeAll(async () => {
  const stmts: D1PreparedStatement[] = [];
  for (let i = 0; i < APPS; i++) {
    const created = `2027-01-01T00:${String(Math.floor(i / 60)).padStart(2, "0")}:${String(i % 60).padStart(2, "0")}.000000Z`;
    stmts.push(
      env.DB.prepare("insert into cc_applications (id, domain_id, name, date_created) values (?, 1, ?, ?)").bind(
        appId(i),
        `Big ${i}`,
        created,
      ),
    );
    stmts.push(
      env.DB.prepare("insert into cc_app_modules (id, app_id, position, unique_id, name) values (?, ?, 0, ?, ?)").bind(
        1000 + i,
        appId(i),
        `m-${i}`,
        JSON.stringify({ en: `Module ${i}` }),
      ),
    );
  }
  stmts.push(
    env.DB.prepare(
      "insert into cc_applications (id, domain_id, name, copy_of, version, built_on, is_released) values ('big-build-099', 1, 'Big 99', ?, 2, '2027-02-01T00:00:00.000000Z', 1)",
    ).bind(appId(99)),
  );
  for (let f = 0; f < FORMS; f++) {
    stmts.push(
      env.DB.prepare("insert into cc_app_forms (id, module_id, position, unique_id, name, xmlns) values (?, 1000, ?, ?, ?, ?)").bind(
        5000 + f,
        f,
        `f-${f}`,
        JSON.stringify({ en: `Form ${f}` }),
        `http://demo.test/big/${f}`,
      ),
    );
    for (let q = 0; q < 2; q++) {
      stmts.push(
        env.DB.prepare(
          "insert into cc_app_questions (id, form_id, position, label, tag, value, type) values (?, ?, ?, ?, 'input', ?, 'Text')",
        ).bind(9000 + f * 2 + q, 5000 + f, q, `Q${f}.${q}`, `/data/q${f}_${q}`),
      );
    }
  }
  await env.DB.batch(stmts);
});

describe("applications with more than 90 apps, modules and forms (§3.1)", () => {
  it("the detail has every form and question, in position order", async () => {
    const app = await ccJson(`/a/demo/api/v0.5/application/${appId(0)}/`);
    expect(app.modules).toHaveLength(1);
    const forms = app.modules[0].forms;
    expect(forms).toHaveLength(FORMS);
    expect(forms.map((f: any) => f.unique_id)).toEqual(Array.from({ length: FORMS }, (_, f) => `f-${f}`));
    expect(forms.flatMap((f: any) => f.questions).length).toBe(FORMS * 2);
    expect(forms[FORMS - 1].questions.map((q: any) => q.label)).toEqual([`Q${FORMS - 1}.0`, `Q${FORMS - 1}.1`]);
  });

  it("the list has every app, each with its module, and the builds of the last one", async () => {
    const page = await ccJson("/a/demo/api/v0.5/application/");
    expect(page.meta.total_count).toBe(APPS + 2);
    const big = page.objects.filter((a: any) => a.id.startsWith("big-app-"));
    expect(big.map((a: any) => a.id)).toEqual(Array.from({ length: APPS }, (_, i) => appId(i)));
    expect(big.every((a: any, i: number) => a.modules.length === 1 && a.modules[0].name.en === `Module ${i}`)).toBe(true);
    expect(big[0].modules[0].forms).toHaveLength(FORMS);
    expect(big[99].versions).toEqual([
      { build_comment: null, built_on: "2027-02-01T00:00:00.000000Z", id: "big-build-099", is_released: true, version: 2 },
    ]);
  });
});
