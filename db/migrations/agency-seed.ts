/**
 * The agency directory shipped with schema 3: the cabinet departments, the
 * components oversight staff deal with most, inspectors general and a few
 * independent agencies. Parents come before their components. Users edit and
 * extend it (Settings → Agencies, or CSV import); check contacts before relying
 * on them, since agencies move their FOIA pages.
 *
 * Appeal windows: 90 calendar days unless the agency's regulation says
 * otherwise (DHS: 90 working days, 6 CFR 5.8(a)).
 */
export interface AgencySeed {
  name: string;
  abbreviation: string;
  parent?: string;
  foiaEmail?: string;
  portalUrl?: string;
  appealDays?: number;
  appealDayKind?: 'calendar' | 'working';
  notes?: string;
}

const dhs = { appealDays: 90, appealDayKind: 'working' as const, notes: 'Appeal within 90 working days (6 CFR 5.8(a)).' };

export const AGENCY_SEED: readonly AgencySeed[] = [
  { name: 'Department of Homeland Security', abbreviation: 'DHS', foiaEmail: 'foia@hq.dhs.gov', portalUrl: 'https://www.dhs.gov/foia', ...dhs },
  { name: 'U.S. Immigration and Customs Enforcement', abbreviation: 'ICE', parent: 'DHS', foiaEmail: 'ice-foia@ice.dhs.gov', portalUrl: 'https://www.ice.gov/foia', ...dhs },
  { name: 'U.S. Customs and Border Protection', abbreviation: 'CBP', parent: 'DHS', portalUrl: 'https://www.cbp.gov/site-policy-notices/foia', ...dhs },
  { name: 'U.S. Citizenship and Immigration Services', abbreviation: 'USCIS', parent: 'DHS', portalUrl: 'https://www.uscis.gov/records', ...dhs },
  { name: 'Federal Emergency Management Agency', abbreviation: 'FEMA', parent: 'DHS', portalUrl: 'https://www.dhs.gov/foia', ...dhs },
  { name: 'Transportation Security Administration', abbreviation: 'TSA', parent: 'DHS', portalUrl: 'https://www.tsa.gov/foia', ...dhs },
  { name: 'U.S. Secret Service', abbreviation: 'USSS', parent: 'DHS', portalUrl: 'https://www.secretservice.gov/foia', ...dhs },
  { name: 'Cybersecurity and Infrastructure Security Agency', abbreviation: 'CISA', parent: 'DHS', portalUrl: 'https://www.dhs.gov/foia', ...dhs },
  { name: 'U.S. Coast Guard', abbreviation: 'USCG', parent: 'DHS', portalUrl: 'https://www.dhs.gov/foia', ...dhs },
  { name: 'DHS Office of Inspector General', abbreviation: 'DHS-OIG', parent: 'DHS', portalUrl: 'https://www.oig.dhs.gov/foia', ...dhs },

  { name: 'Department of Health and Human Services', abbreviation: 'HHS', portalUrl: 'https://www.hhs.gov/foia/index.html' },
  { name: 'Administration for Children and Families', abbreviation: 'ACF', parent: 'HHS', portalUrl: 'https://www.acf.hhs.gov/foia' },
  { name: 'Office of Refugee Resettlement', abbreviation: 'ORR', parent: 'ACF', portalUrl: 'https://www.acf.hhs.gov/foia', notes: 'FOIA requests go through ACF.' },
  { name: 'Centers for Disease Control and Prevention', abbreviation: 'CDC', parent: 'HHS', portalUrl: 'https://www.cdc.gov/od/foia/' },
  { name: 'Food and Drug Administration', abbreviation: 'FDA', parent: 'HHS', portalUrl: 'https://www.fda.gov/regulatory-information/freedom-information' },
  { name: 'Centers for Medicare & Medicaid Services', abbreviation: 'CMS', parent: 'HHS', portalUrl: 'https://www.cms.gov/about-cms/contact/freedom-information-act' },
  { name: 'National Institutes of Health', abbreviation: 'NIH', parent: 'HHS', portalUrl: 'https://www.nih.gov/institutes-nih/nih-office-director/office-communications-public-liaison/freedom-information-act-office' },
  { name: 'HHS Office of Inspector General', abbreviation: 'HHS-OIG', parent: 'HHS', portalUrl: 'https://oig.hhs.gov/' },

  { name: 'Department of Justice', abbreviation: 'DOJ', portalUrl: 'https://www.justice.gov/oip', notes: 'Appeals go to the Office of Information Policy (28 CFR 16.8).' },
  { name: 'Federal Bureau of Investigation', abbreviation: 'FBI', parent: 'DOJ', portalUrl: 'https://efoia.fbi.gov/' },
  { name: 'Drug Enforcement Administration', abbreviation: 'DEA', parent: 'DOJ', portalUrl: 'https://www.dea.gov/foia' },
  { name: 'Bureau of Alcohol, Tobacco, Firearms and Explosives', abbreviation: 'ATF', parent: 'DOJ', portalUrl: 'https://www.atf.gov/resource-center/freedom-information-act-foia' },
  { name: 'Federal Bureau of Prisons', abbreviation: 'BOP', parent: 'DOJ', portalUrl: 'https://www.bop.gov/foia/' },
  { name: 'U.S. Marshals Service', abbreviation: 'USMS', parent: 'DOJ', portalUrl: 'https://www.usmarshals.gov/foia' },
  { name: 'Executive Office for Immigration Review', abbreviation: 'EOIR', parent: 'DOJ', portalUrl: 'https://www.justice.gov/eoir/freedom-information-act-foia' },
  { name: 'DOJ Office of the Inspector General', abbreviation: 'DOJ-OIG', parent: 'DOJ', portalUrl: 'https://oig.justice.gov/foia' },

  { name: 'Department of State', abbreviation: 'DOS', portalUrl: 'https://foia.state.gov/' },
  { name: 'Department of the Treasury', abbreviation: 'USDT', portalUrl: 'https://home.treasury.gov/footer/freedom-of-information-act' },
  { name: 'Internal Revenue Service', abbreviation: 'IRS', parent: 'USDT', portalUrl: 'https://www.irs.gov/privacy-disclosure/irs-freedom-of-information' },
  { name: 'Department of Defense', abbreviation: 'DOD', portalUrl: 'https://open.defense.gov/Transparency/FOIA/' },
  { name: 'Department of the Interior', abbreviation: 'DOI', portalUrl: 'https://www.doi.gov/foia' },
  { name: 'Department of Agriculture', abbreviation: 'USDA', portalUrl: 'https://www.usda.gov/foia' },
  { name: 'Department of Commerce', abbreviation: 'DOC', portalUrl: 'https://www.commerce.gov/opog/foia' },
  { name: 'Department of Labor', abbreviation: 'DOL', portalUrl: 'https://www.dol.gov/general/foia' },
  { name: 'Department of Housing and Urban Development', abbreviation: 'HUD', portalUrl: 'https://www.hud.gov/program_offices/administration/foia' },
  { name: 'Department of Transportation', abbreviation: 'DOT', portalUrl: 'https://www.transportation.gov/foia' },
  { name: 'Department of Energy', abbreviation: 'DOE', portalUrl: 'https://www.energy.gov/management/freedom-information-act' },
  { name: 'Department of Education', abbreviation: 'ED', portalUrl: 'https://www.ed.gov/about/ed-overview/foia' },
  { name: 'Department of Veterans Affairs', abbreviation: 'VA', portalUrl: 'https://www.va.gov/foia/' },

  { name: 'Environmental Protection Agency', abbreviation: 'EPA', portalUrl: 'https://www.epa.gov/foia' },
  { name: 'Social Security Administration', abbreviation: 'SSA', portalUrl: 'https://www.ssa.gov/foia/' },
  { name: 'Office of Personnel Management', abbreviation: 'OPM', portalUrl: 'https://www.opm.gov/information-management/freedom-of-information-act/' },
  { name: 'U.S. Office of Special Counsel', abbreviation: 'OSC', portalUrl: 'https://osc.gov/' },
  { name: 'Merit Systems Protection Board', abbreviation: 'MSPB', portalUrl: 'https://www.mspb.gov/foia/' },
];
