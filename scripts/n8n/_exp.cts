import { createServer } from 'node:http';
import { locateRuntime, packPackage } from './runtime.cjs';
import { N8nInstance } from './instance.cjs';
(async () => {
  const seen: string[] = [];
  const server = createServer((req, res) => {
    let body = ''; req.on('data', (c) => body += c); req.on('end', () => {
      seen.push(`${req.method} ${req.url} ${body.replace(/client_secret=[^&]*/, 'client_secret=***')} auth=${req.headers.authorization ? 'yes' : 'no'}`);
      if (req.url?.includes('/oauth2/v2.0/token')) { res.setHeader('content-type','application/json'); res.end(JSON.stringify({ access_token: 'abc.def.ghi', token_type: 'Bearer', expires_in: 3600 })); return; }
      res.setHeader('content-type','application/json'); res.end(JSON.stringify({ value: [{ id: '1' }] }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const base = `http://127.0.0.1:${(server.address() as any).port}`;
  const instance = await N8nInstance.create({ runtime: locateRuntime('2'), keepUserFolder: true });
  try {
    await instance.installPackageTarball(packPackage());
    await instance.importCredentials([{ id: 'c1', name: 'cred', type: 'microsoftDefenderXdrOAuth2Api', data: { grantType: 'clientCredentials', clientCredentialType: 'clientSecret', clientId: 'cid', clientSecret: 'sec', tenantId: 'tenant1', cloud: 'custom', customLoginUrl: base, customApiUrl: base, api: 'graph' } }]);
    await instance.importWorkflows([{ id: 'w1', name: 'w1', nodes: [
      { id: 'a', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0,0], parameters: {} },
      { id: 'b', name: 'HTTP', type: 'n8n-nodes-base.httpRequest', typeVersion: 4.2, position: [200,0], parameters: { url: base + '/v1.0/security/incidents', authentication: 'predefinedCredentialType', nodeCredentialType: 'microsoftDefenderXdrOAuth2Api', options: {} }, credentials: { microsoftDefenderXdrOAuth2Api: { id: 'c1', name: 'cred' } } },
    ], connections: { Start: { main: [[{ node: 'HTTP', type: 'main', index: 0 }]] } }, settings: { executionOrder: 'v1' } }]);
    console.time('execute');
    const { run, result } = await instance.execute('w1');
    console.timeEnd('execute');
    console.log('exit', result.exitCode, JSON.stringify(run?.data.resultData.runData.HTTP?.[0]?.data ?? run?.data.resultData.error).slice(0, 400));
    console.log(seen.join('\n'));
  } finally { await instance.stop(); server.close(); console.log(instance.userFolder); }
})().catch(e => { console.error(e); process.exit(1); });
