import { and, eq, inArray, ne, sql, type SQL } from "drizzle-orm";
import type { D1Db } from "../../db/d1";
import { subjects } from "../../db/schema/flask";
import { siteUsers, sites, studies, studyUsers, users } from "../../db/schema/foundation";

export type StudyRow = typeof studies.$inferSelect;
export type UserRow = typeof users.$inferSelect;

export const studyByProtocolQuery = (db: D1Db, customerId: number, protocol: string) =>
  db
    .select()
    .from(studies)
    .where(and(eq(studies.customerId, customerId), eq(studies.uniqueProtocolid, protocol)))
    .limit(1);

/** Another customer's study using this EDC dbname (it would open that EDC database to this customer). */
export const dbnameOfOtherCustomerQuery = (db: D1Db, customerId: number, dbname: string) =>
  db
    .select({ id: studies.id })
    .from(studies)
    .where(and(eq(studies.dbname, dbname), ne(studies.customerId, customerId)))
    .limit(1);

export const userOfCustomerQuery = (db: D1Db, customerId: number, id: number) =>
  db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.id, id), eq(users.customerId, customerId)))
    .limit(1);

const nextIdQuery = (db: D1Db, table: typeof studies | typeof users | typeof studyUsers | typeof siteUsers) =>
  db.select({ next: sql<number>`coalesce(max(${table.id}), 0) + 1` }).from(table);
export const nextStudyIdQuery = (db: D1Db) => nextIdQuery(db, studies);
export const nextStudyId = (db: D1Db) => nextStudyIdQuery(db).then((r) => r[0]!.next);

/** The next free ids of users, study_users and site_users (one aggregate row each). */
export const nextAssignmentIdQueries = (db: D1Db) =>
  [nextIdQuery(db, users), nextIdQuery(db, studyUsers), nextIdQuery(db, siteUsers)] as const;

export const insertStudy = (db: D1Db, row: typeof studies.$inferInsert) => db.insert(studies).values(row).returning();
/** Update guarded by `status_id <> 2`, so a study closed meanwhile is never changed. */
export const updateStudy = (db: D1Db, id: number, set: Partial<typeof studies.$inferInsert>) =>
  db
    .update(studies)
    .set(set)
    .where(and(eq(studies.id, id), ne(studies.statusId, 2)))
    .returning();

/** The users with these emails, in one statement whatever the list size: the list is one JSON parameter (D1 binds at most 100). */
export const usersByEmail = (db: D1Db, emails: string[]) =>
  db
    .select()
    .from(users)
    .where(sql`${users.email} IN (SELECT value FROM json_each(${JSON.stringify(emails)}))`);

export const sitesOfStudy = (db: D1Db, studyId: number) => db.select({ id: sites.id }).from(sites).where(eq(sites.studyId, studyId));

export const studyAssignments = (db: D1Db, studyId: number) =>
  db
    .select({ userId: studyUsers.userId, roleId: studyUsers.roleId, dateCreated: studyUsers.dateCreated })
    .from(studyUsers)
    .where(eq(studyUsers.studyId, studyId))
    .orderBy(studyUsers.userId);

/** Sites are named by their study (a sub-query), not bound one parameter each: any number of sites fits D1's 100 parameters. */
const sitesOf = (db: D1Db, studyId: number) => db.select({ id: sites.id }).from(sites).where(eq(sites.studyId, studyId));

export const siteAssignments = (db: D1Db, studyId: number) =>
  db
    .select({ siteId: siteUsers.siteId, userId: siteUsers.userId, dateCreated: siteUsers.dateCreated })
    .from(siteUsers)
    .where(inArray(siteUsers.siteId, sitesOf(db, studyId)))
    .orderBy(siteUsers.siteId, siteUsers.userId);

export const insertUsers = (db: D1Db, rows: (typeof users.$inferInsert)[]) => db.insert(users).values(rows);
export const updateUserRoles = (db: D1Db, id: number, set: { roleId: number; edcRoleId: number | null; dateUpdated: string }) =>
  db.update(users).set(set).where(eq(users.id, id));

export const deleteStudyAssignments = (db: D1Db, studyId: number) => db.delete(studyUsers).where(eq(studyUsers.studyId, studyId));
export const insertStudyAssignments = (db: D1Db, rows: (typeof studyUsers.$inferInsert)[]) => db.insert(studyUsers).values(rows);
export const deleteSiteAssignments = (db: D1Db, studyId: number) =>
  db.delete(siteUsers).where(inArray(siteUsers.siteId, sitesOf(db, studyId)));
export const insertSiteAssignments = (db: D1Db, rows: (typeof siteUsers.$inferInsert)[]) => db.insert(siteUsers).values(rows);

export const userByIdQuery = (db: D1Db, customerId: number, id: number) =>
  db
    .select()
    .from(users)
    .where(and(eq(users.id, id), eq(users.customerId, customerId)));
export const userById = (db: D1Db, customerId: number, id: number) => userByIdQuery(db, customerId, id).then((r) => r[0] ?? null);

/** The subject label of user `userId` as SQL, for studiesOfSubjectUser in the batch that reads the user. */
export const subjectLabelSql = (customerId: number, userId: number) =>
  sql`(SELECT ${users.studySubjectLabel} FROM ${users} WHERE ${users.id} = ${userId} AND ${users.customerId} = ${customerId})`;

/** Studies of a subject user: its assignments and the studies holding a subject with its label. */
export function studiesOfSubjectUser(db: D1Db, customerId: number, userId: number, label: string | SQL | null) {
  const assigned = db.select({ id: studyUsers.studyId }).from(studyUsers).where(eq(studyUsers.userId, userId));
  const labelIs = typeof label === "string" || label === null ? eq(subjects.label, label ?? "\u0000") : sql`${subjects.label} = ${label}`;
  const byLabel = db
    .select({ id: subjects.studyId })
    .from(subjects)
    .where(and(eq(subjects.customerId, customerId), labelIs));
  return db
    .select()
    .from(studies)
    .where(and(eq(studies.customerId, customerId), sql`(${studies.id} IN ${assigned} OR ${studies.id} IN ${byLabel})`))
    .orderBy(studies.id);
}
