import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // pg and ioredis open sockets and must run as plain Node modules, not bundled.
  serverExternalPackages: ["pg", "ioredis"],
  poweredByHeader: false,
};

export default nextConfig;
