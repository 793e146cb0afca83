// Sample leads for the demo, scored at DEMO_NOW so the dates below read as "recent".
export const DEMO_NOW = '2026-11-22T12:00:00Z';

const pageViews = Array.from({ length: 14 }, (_, i) => ({
  type: 'page_view',
  at: `2026-11-${String(8 + i).padStart(2, '0')}T09:00:00Z`,
  page: ['/blog/warehouse-kpis', '/blog/order-to-cash', '/services', '/case-studies/fabrikam'][i % 4],
}));

export const SAMPLES = [
  {
    key: 'ideal',
    label: 'Ideal buyer asking for a consultation',
    lead: {
      id: 'L-1042',
      created_at: '2026-11-21T09:00:00Z',
      company: { name: 'Acme Logistics', domain: 'acmelogistics.com', industry: 'Logistics', employees: 240, annual_revenue: 48000000, country: 'US' },
      contact: { name: 'Dana Ruiz', email: 'dana.ruiz@acmelogistics.com', title: 'Director of Operations', phone: '+1 555 0100' },
      form: { type: 'consultation_request', message: 'Our order-to-cash process is a bottleneck. We have budget approved for Q1.' },
      source: { channel: 'organic_search', campaign: 'ops-playbook' },
      consent: { email: true, phone: true },
    },
  },
  {
    key: 'vp-demo',
    label: 'VP Finance requesting a demo',
    lead: {
      id: 'L-2210',
      created_at: '2026-11-18T15:00:00Z',
      company: { name: 'Ledgerly', domain: 'ledgerly.io', industry: 'Financial Services', employees: '51-200', country: 'United Kingdom' },
      contact: { name: 'Sam Kaur', email: 'sam.k@ledgerly.io', title: 'VP, Finance' },
      events: [
        { type: 'demo_request', at: '2026-11-18T15:00:00Z' },
        { type: 'page_view', at: '2026-11-17T10:00:00Z', page: '/services' },
      ],
      consent: { email: true },
    },
  },
  {
    key: 'student',
    label: 'Student at stateu.edu',
    lead: {
      id: 'L-3301',
      created_at: '2026-11-20T08:00:00Z',
      contact: { name: 'Kim Lee', email: 'kim.lee@stateu.edu', title: 'Student' },
      form: { type: 'consultation_request', message: "I'm writing my thesis on warehouse operations and would love an interview." },
      consent: { email: true },
    },
  },
  {
    key: 'competitor',
    label: 'Competitor at northpeak.co',
    lead: {
      id: 'L-3302',
      created_at: '2026-11-21T08:00:00Z',
      company: { name: 'NorthPeak', domain: 'northpeak.co', industry: 'software', employees: 300, country: 'US' },
      contact: { name: 'Alex Moreau', email: 'alex@northpeak.co', title: 'VP Operations' },
      form: { type: 'contact_sales', message: 'Can you send your pricing and a sample proposal?' },
    },
  },
  {
    key: 'vendor',
    label: 'Agency pitching its services',
    lead: {
      id: 'L-3303',
      created_at: '2026-11-21T08:00:00Z',
      company: { name: 'RankRocket Digital Marketing Agency', domain: 'rankrocket.io', country: 'IN' },
      contact: { name: 'Raj Mehta', email: 'raj@rankrocket.io', title: 'Business Development Manager' },
      form: { type: 'contact_sales', message: 'Hi! Our agency offers SEO services that will get you to the first page of Google. Can we book a quick call?' },
    },
  },
  {
    key: 'job-seeker',
    label: 'Job seeker',
    lead: {
      id: 'L-3304',
      created_at: '2026-11-21T08:00:00Z',
      contact: { name: 'Jordan Park', email: 'jordan.p@gmail.com', title: 'Operations Analyst' },
      form: { type: 'consultation_request', message: 'Are you hiring? I attached my resume and would love to join your team as a consultant.' },
    },
  },
  {
    key: 'out-of-market',
    label: '8-person bakery in Brazil',
    lead: {
      id: 'L-3305',
      created_at: '2026-11-21T08:00:00Z',
      company: { name: 'Padaria Bom Dia', industry: 'retail', employees: 8, country: 'Brazil' },
      contact: { name: 'João Silva', email: 'joao@padariabomdia.com.br', title: 'Owner' },
      form: { type: 'consultation_request', message: 'We need help organising our deliveries.' },
    },
  },
  {
    key: 'activity-only',
    label: 'Many page views, no request',
    lead: {
      id: 'L-4410',
      created_at: '2026-10-01T08:00:00Z',
      company: { name: 'Fabrikam Manufacturing', domain: 'fabrikam.com', industry: 'manufacturing', employees: 800, country: 'DE' },
      contact: { name: 'Mia Weber', email: 'm.weber@fabrikam.com', title: 'Head of Operations' },
      events: [
        ...pageViews,
        { type: 'content_download', at: '2026-11-15T10:00:00Z', asset: 'ops-playbook' },
        { type: 'email_open', at: '2026-11-19T07:30:00Z' },
      ],
      consent: { email: true },
    },
  },
  {
    key: 'strategic',
    label: 'Strategic account, little data',
    lead: {
      id: 'L-5001',
      created_at: '2026-11-22T08:00:00Z',
      company: { domain: 'globex.com' },
      contact: { email: 'h.scorpio@globex.com' },
      events: [{ type: 'content_download', at: '2026-11-22T08:00:00Z', asset: 'ops-playbook' }],
    },
  },
];
