package contentrules

import "github.com/tightlip/tightlip/internal/rule"

// Summaries say in the README's words what the content rules find in each
// family; the README's rule table is made of them (see package rules).
// {gitleaks-version} and {gitleaks-rules} stand for the gitleaks release
// whose rules are built in and the number of them.
var Summaries = []rule.Summary{
	{
		Category: rule.HardcodedSecret,
		Text: "in every file, every one of gitleaks {gitleaks-version}'s {gitleaks-rules} provider rules " +
			"(AWS, GitHub, Stripe, Slack …); Everflow keys in an `X-Eflow-API-Key` header or " +
			"`EVERFLOW_API_KEY=`/`EF_API_KEY=` assignment; credentials in URLs " +
			"(`https://user:pass@host`); passwords and connection strings gitleaks misses: `.netrc`, " +
			"`.pgpass`, `.git-credentials`, `.htpasswd`/shadow hashes, the files desktop, FTP, database " +
			"and mail clients, build tools and web frameworks keep credentials in (`.my.cnf`, " +
			"`.pypirc`, `.s3cfg`, `.boto`, `rclone.conf`, FileZilla's `sitemanager.xml`, `WinSCP.ini`, " +
			"`sftp-config.json`/`.vscode/sftp.json`, Maven `settings.xml`, `gradle.properties`, " +
			"Composer `auth.json`, `~/.gem/credentials`, " +
			"`.msmtprc`/`.muttrc`/`.fetchmailrc`/`.offlineimaprc`, Rails `config/database.yml`, Django " +
			"settings, Spring `application.properties`/`.yml`, " +
			"`hibernate.cfg.xml`/`persistence.xml`/Tomcat/WildFly configs, " +
			"`web.config`/`appsettings.json`, kubeconfig, Remmina/mRemoteNG connections, SMB " +
			"credentials files, Group Policy `cpassword`, Windows `unattend.xml`, Robo " +
			"3T/HeidiSQL/DBeaver connection files; bench/precision/credfiles.md lists them and what is " +
			"left out), `*_PASSWORD=` in `.env` and shell profiles, PHP `define('DB_PASSWORD', …)`, " +
			"JDBC/ODBC/Mongo/Postgres/MySQL/Redis/AMQP DSNs, `password` keys in YAML/JSON/XML/INI " +
			"(FileZilla, WinSCP, sftp-config, `.s3cfg`, docker `config.json` auths, `.npmrc` tokens), " +
			"SQL dumps, PuTTY `.ppk` keys; `url-query-secret`: a literal key in a URL query " +
			"(`?api_key=…`, `&token=…`)",
	},
	{
		Category: rule.InsecureTransport,
		Text: "in other files, `plain-http-url`: an `http://` URL under a " +
			"URL/endpoint/postback/webhook/callback key in YAML, JSON, TOML, `.env`, `.properties` and " +
			"JS/TS (loopback, `*.local`, hosts documentation makes up and XML namespaces excepted); its " +
			"message names the URL's host, and reports do not show the URL itself, which may carry " +
			"credentials",
	},
}
