// Runs graphql-http's server audits against the GraphQL endpoint given as the first
// argument and prints each result (id, name, status, reason) as one JSON array.
import { auditServer } from 'graphql-http';

const url = process.argv[2];
if (!url) {
  console.error('usage: node audit.mjs URL');
  process.exit(2);
}
const results = await auditServer({ url });
console.log(JSON.stringify(results.map(({ id, name, status, reason }) => ({ id, name, status, reason }))));
