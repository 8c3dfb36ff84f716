#!/usr/bin/env bash
# Writes secrets.env (git-ignored) for the development cluster: random passwords for the in-cluster servers and the
# connection strings that use them. It keeps an existing file, so the servers' stored passwords still match.
#
#   bash deploy/k8s/overlays/dev/new-secrets.sh
set -euo pipefail
file="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/secrets.env"
if [ -e "$file" ]; then
  echo "$file exists; delete it (and the cluster's database volume) to start again with new passwords."
  exit 0
fi

password() { LC_ALL=C tr -dc 'A-Za-z0-9' </dev/urandom | head -c 32 || true; }

umask 077
{
#if (UsePostgres)
  database_password="$(password)"
  echo "DATABASE_PASSWORD=$database_password"
  echo "ConnectionStrings__Database=Host=postgres;Database=portfolio_sample;Username=portfolio_sample;Password=$database_password"
#elseif (UseMySql)
  database_password="$(password)"
  echo "DATABASE_PASSWORD=$database_password"
  echo "ConnectionStrings__Database=Server=mariadb;Database=portfolio_sample;User ID=portfolio_sample;Password=$database_password"
#endif
#if (UseRabbitMq)
  rabbitmq_password="$(password)"
  echo "RABBITMQ_PASSWORD=$rabbitmq_password"
  echo "ConnectionStrings__RabbitMq=amqp://portfolio_sample:$rabbitmq_password@rabbitmq:5672/"
#endif
#if (UseJwt)
  # The identity provider that signs your tokens, and the audience they are issued for. Point Authority at your
  # provider (it must be reachable from the cluster) to try the write endpoints; reads are public either way.
  echo "Authentication__Schemes__Bearer__Authority=https://login.example.invalid/"
  echo "Authentication__Schemes__Bearer__ValidAudiences__0=portfolio-sample"
#endif
} >"$file"
echo "Wrote $file"
