/**
 * The demo tenants of the local stack and the test suite. These credentials exist only in the local
 * demo seed; a deployed configuration never runs the seed.
 */
export const DEMO_PASSWORD = "demo-password";

export const DEMO = {
  customer: { id: 1, name: "Demo Clinic" },
  admin: { id: 1, email: "admin@demo.test" },
  api: { id: 2, email: "api@demo.test" },
  studyUser: { id: 3, email: "study@demo.test" },
  siteUser: { id: 4, email: "site@demo.test" },
  subjectUser: { id: 5, email: "subject@demo.test", label: "DEMO-S01-001" },
  studies: [
    { id: 101, protocol: "DEMO-001", title: "Demo Study", dbname: "cc_demo" },
    { id: 102, protocol: "DEMO-002", title: "Demo Registry", dbname: null },
  ],
  sites: [
    { id: 1001, studyId: 101, name: "Site 01 Boston", code: "DEMO-S01" },
    { id: 1002, studyId: 101, name: "Site 02 Haifa", code: "DEMO-S02" },
    { id: 1003, studyId: 102, name: "Registry Site A", code: "REG-A" },
    { id: 1004, studyId: 102, name: "Registry Site B", code: "REG-B" },
  ],
} as const;

export const OTHER = {
  customer: { id: 2, name: "Other Pharma" },
  api: { id: 20, email: "api@other.test" },
  studies: [{ id: 201, protocol: "OTH-001", title: "Other Study", dbname: "cc_other" }],
  sites: [{ id: 2001, studyId: 201, name: "Other Site 01", code: "OTH-S01" }],
} as const;
