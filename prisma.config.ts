// Prisma CLI configuration. Only `prisma generate`, `validate` and `format` run
// here (the schema engine cannot be downloaded on this machine); migrations
// are applied by our runner (lib/db/migrations), which keeps Prisma's format.
import { defineConfig } from "prisma/config";

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: {
    url: process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/legendai",
  },
});
