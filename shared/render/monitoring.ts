/**
 * Nagios checks for the HA services (the book's chapter 10): one host per node and service checks that
 * exercise what fails over — Galera through clustercheck, RabbitMQ, memcached, and every VIP listener.
 */
import type { Topology } from '../topology';
import { API_PORTS } from './haproxy';
import { CLUSTERCHECK_PORT } from './mariadb';

/** Nagios packages, config folder and service per distro family. */
export function nagiosLayout(ctx: Topology): {
  packages: string[];
  confDir: string;
  main: string;
  binary: string;
  service: string;
} {
  switch (ctx.distro.family) {
    case 'debian':
      return {
        packages: ['nagios4', 'monitoring-plugins'],
        confDir: '/etc/nagios4/conf.d',
        main: '/etc/nagios4/nagios.cfg',
        binary: 'nagios4',
        service: 'nagios4',
      };
    case 'rhel':
      return {
        packages: ['nagios', 'nagios-plugins-all'],
        confDir: '/etc/nagios/conf.d',
        main: '/etc/nagios/nagios.cfg',
        binary: 'nagios',
        service: 'nagios',
      };
    case 'suse':
      return {
        packages: ['nagios', 'monitoring-plugins'],
        confDir: '/etc/nagios/objects',
        main: '/etc/nagios/nagios.cfg',
        binary: 'nagios',
        service: 'nagios',
      };
  }
}

function service(host: string, description: string, command: string): string[] {
  return [
    'define service {',
    '    use                     generic-service',
    `    host_name               ${host}`,
    `    service_description     ${description}`,
    `    check_command           ${command}`,
    '}',
    '',
  ];
}

/** quorum.cfg: hosts and service checks of the whole design. */
export function renderNagiosConfig(ctx: Topology): string {
  const out = ['# Written by Quorum: HA checks for this cloud.', ''];
  const commands = [
    ['quorum_check_tcp', '$USER1$/check_tcp -H $HOSTADDRESS$ -p $ARG1$'],
    ['quorum_check_http_port', '$USER1$/check_http -H $HOSTADDRESS$ -p $ARG1$ -u $ARG2$'],
  ];
  for (const [name, line] of commands) {
    out.push('define command {', `    command_name    ${name}`, `    command_line    ${line}`, '}', '');
  }
  for (const node of ctx.design.nodes) {
    out.push(
      'define host {',
      '    use                     linux-server',
      `    host_name               ${node.hostname}`,
      `    alias                   ${node.hostname} (${node.roles.join(', ') || 'no role'})`,
      `    address                 ${ctx.address(node)}`,
      '}',
      '',
    );
  }
  if (ctx.design.options.database !== 'drbd-mysql') {
    for (const node of ctx.database.nodes) {
      out.push(
        ...service(
          node.hostname,
          'Galera synced via clustercheck',
          `quorum_check_http_port!${CLUSTERCHECK_PORT}!/`,
        ),
      );
    }
  }
  for (const node of ctx.messaging.nodes)
    out.push(...service(node.hostname, 'RabbitMQ AMQP', 'quorum_check_tcp!5672'));
  for (const node of ctx.controllers.nodes)
    out.push(...service(node.hostname, 'memcached', 'quorum_check_tcp!11211'));
  for (const vip of ctx.design.vips) {
    out.push(
      'define host {',
      '    use                     linux-server',
      `    host_name               vip-${vip.id}`,
      `    alias                   VIP ${vip.name}`,
      `    address                 ${vip.address}`,
      '}',
      '',
    );
    for (const s of vip.services) {
      if (s === 'database')
        out.push(...service(`vip-${vip.id}`, 'database through the VIP', 'quorum_check_tcp!3306'));
      else if (s !== 'messaging') {
        for (const endpoint of API_PORTS[s])
          out.push(
            ...service(
              `vip-${vip.id}`,
              `${endpoint.name} through the VIP`,
              `quorum_check_tcp!${endpoint.port}`,
            ),
          );
      }
    }
  }
  return out.join('\n');
}
