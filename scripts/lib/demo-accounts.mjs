// The demo accounts of the local seed (src/seed/demo-accounts.ts, src/seed/commcare-demo.ts), as `npm start`
// prints them; the README's "Demo credentials" table lists the same ones.
export const DEMO_ACCOUNTS_TEXT = `  Demo accounts (local demo seed only; password for every user: demo-password)
    Demo Clinic    admin@demo.test     customer admin, billing reports       EDC header: cc_demo
                   api@demo.test       API user, whole customer              EDC header: cc_demo
                   study@demo.test     study role (study 101)
                   site@demo.test      site role (site DEMO-S01)
                   subject@demo.test   subject role (own CRF data)
    Other Pharma   api@other.test      API user                              EDC header: cc_other
    CommCare       domain demo:  ApiKey admin@demo.test:demo-api-key (all permissions)
                                 ApiKey viewer@demo.test:viewer-api-key (no edit_locations)
                   domain other: ApiKey admin@other.test:other-api-key`;
