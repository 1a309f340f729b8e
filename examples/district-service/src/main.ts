import { startDistrictService } from './service';

// Configuration from the environment: HOPTAC_STORE (a SQLite path or a postgres:// URL), HOST, PORT.
const store = process.env.HOPTAC_STORE ?? '.hoptac/district.sqlite';
const service = await startDistrictService({ store }, { host: process.env.HOST ?? '127.0.0.1', port: Number(process.env.PORT ?? 8080) });
process.stdout.write(`district service on ${service.url} (store: ${store.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@')})\n`);
const stop = () => void service.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
