/** The district service: POST /commands, GET /report, GET /report.html, on SQLite or PostgreSQL. */
export { startDistrictService, type ServiceConfig, type RunningService } from './service';
