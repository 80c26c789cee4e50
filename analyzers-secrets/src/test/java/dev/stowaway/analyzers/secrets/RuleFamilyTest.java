package dev.stowaway.analyzers.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Per rule family a true positive and a near-miss negative. Fake tokens are built here from a seeded
 * random generator, so no real-looking secret is committed as a literal.
 */
class RuleFamilyTest {
  private static final SecretScanner SCANNER = new SecretScanner(SecretRules.builtIn());
  private static final Random RANDOM = new Random(20261128);
  static final String UP = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
  static final String LOW = "abcdefghijklmnopqrstuvwxyz";
  static final String DIG = "0123456789";
  static final String AN = UP + LOW + DIG;
  static final String HEX = "0123456789abcdef";

  /** A pseudo-random string of {@code n} characters from {@code alphabet} (deterministic per run order). */
  static String r(String alphabet, int n) {
    StringBuilder sb = new StringBuilder(n);
    for (int i = 0; i < n; i++) {
      sb.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
    }
    return sb.toString();
  }

  static String uuid() {
    return r(HEX, 8) + "-" + r(HEX, 4) + "-" + r(HEX, 4) + "-" + r(HEX, 4) + "-" + r(HEX, 12);
  }

  static String d(int n) {
    return "1" + r(DIG, n - 1);
  }

  private static Arguments row(String rule, String positive, String negative) {
    return Arguments.of(rule, "app/config.env", positive, negative);
  }

  static Stream<Arguments> families() {
    return Stream.concat(firstFamilies(), moreFamilies());
  }

  /** {@code NAME=value}, the shape of the keyword-assignment rules. */
  private static String env(String name, String value) {
    return name + "=" + value;
  }

  /** Rules 122 to 203: the rest of the providers, private key kinds and webhooks. */
  static Stream<Arguments> moreFamilies() {
    String b32 = "abcdefghijklmnopqrstuvwxyz234567";
    String ld = LOW + DIG;
    String ud = UP + DIG;
    String pem = r(AN + "+/", 64);
    return Stream.of(
        row("firebase-cloud-messaging-server-key", "AAAA" + r(AN + "_-", 7) + ":APA91b" + r(AN + "_-", 134),
            "AAAA" + r(AN, 7) + ":APA91b" + r(AN, 100)),
        row("azure-app-configuration-connection-string", "Endpoint=https://acme.azconfig.io;Id=" + r(AN, 4)
            + "-l0-s0:" + r(AN, 20) + ";Secret=" + r(AN + "+/", 43) + "=",
            "Endpoint=https://acme.azconfig.io;Id=" + r(AN, 4) + ";Secret=" + r(AN, 20)),
        row("azure-devops-pat", env("AZURE_DEVOPS_PAT", r(b32, 52)), env("AZURE_DEVOPS_PAT", r(b32, 51))),
        row("gitlab-scim-token", "glsoat-" + r(AN, 20), "glsoat-" + r(AN, 10)),
        row("gitlab-incoming-mail-token", "glimt-" + r(AN, 25), "glimt-" + r(AN, 15)),
        row("gitlab-kubernetes-agent-token", "glagent-" + r(AN, 50), "glagent-" + r(AN, 30)),
        row("gitlab-feature-flag-client-token", "glffct-" + r(AN, 20), "glffct-" + r(AN, 10)),
        row("gitlab-cicd-job-token", "glcbt-" + r(AN, 3) + "_" + r(AN, 20), "glcbt-" + r(AN, 20)),
        row("bitbucket-client-secret", env("BITBUCKET_CLIENT_SECRET", r(AN, 64)),
            env("BITBUCKET_CLIENT_SECRET", r(AN, 40))),
        row("atlassian-legacy-api-token", env("JIRA_API_TOKEN", r(AN, 24)), env("JIRA_API_TOKEN", r(AN, 20))),
        row("slack-config-refresh-token", "xoxe-1-" + r(ud, 146), "xoxe-1-" + r(ud, 100)),
        row("slack-config-access-token", "xoxe.xoxp-1-" + r(ud, 165), "xoxe.xoxp-1-" + r(ud, 100)),
        row("discord-bot-token", env("DISCORD_BOT_TOKEN", "M" + r(AN, 23) + "." + r(AN, 6) + "." + r(AN, 27)),
            env("DISCORD_BOT_TOKEN", "M" + r(AN, 23) + "." + r(AN, 6))),
        row("discord-client-secret", env("DISCORD_CLIENT_SECRET", r(AN, 32)),
            env("DISCORD_CLIENT_SECRET", r(AN, 20))),
        row("microsoft-teams-webhook-url", "https://acme.webhook.office.com/webhookb2/" + uuid() + "@" + uuid()
            + "/IncomingWebhook/" + r(HEX, 32) + "/" + uuid(),
            "https://acme.webhook.office.com/webhookb2/" + uuid() + "@" + uuid() + "/IncomingWebhook/"),
        row("google-chat-webhook-url", "https://chat.googleapis.com/v1/spaces/AAAA" + r(AN, 7) + "/messages?key="
            + r(AN, 39) + "&token=" + r(AN, 43),
            "https://chat.googleapis.com/v1/spaces/AAAA" + r(AN, 7) + "/messages?key=" + r(AN, 20)),
        row("zapier-webhook-url", "https://hooks.zapier.com/hooks/catch/" + d(7) + "/" + r(ld, 7),
            "https://hooks.zapier.com/hooks/catch/abc/" + r(ld, 7)),
        row("paypal-client-secret", env("PAYPAL_CLIENT_SECRET", r(AN, 80)), env("PAYPAL_CLIENT_SECRET", r(AN, 60))),
        row("flutterwave-secret-key", "FLWSECK_TEST-" + r("abcdefgh0123456789", 32) + "-X",
            "FLWSECK_TEST-" + r("abcdefgh0123456789", 32)),
        row("shippo-api-token", "shippo_live_" + r(HEX, 40), "shippo_live_" + r(HEX, 30)),
        row("easypost-api-key", "EZAK" + r(AN, 54), "EZAK" + r(AN, 30)),
        row("duffel-api-token", "duffel_test_" + r(AN, 43), "duffel_test_" + r(AN, 30)),
        row("jfrog-identity-token", "cmVmdGtuOjAx" + r(AN, 52), "cmVmdGtuOjAx" + r(AN, 30)),
        row("twilio-auth-token", env("TWILIO_AUTH_TOKEN", r(HEX, 32)), env("TWILIO_AUTH_TOKEN", r(HEX, 20))),
        row("mailgun-webhook-signing-key", env("MAILGUN_WEBHOOK_SIGNING_KEY",
            r(HEX, 32) + "-" + r(HEX, 8) + "-" + r(HEX, 8)), env("MAILGUN_WEBHOOK_SIGNING_KEY", r(HEX, 32))),
        row("postmark-server-token", env("POSTMARK_SERVER_TOKEN", uuid()), env("POSTMARK_SERVER_TOKEN", r(HEX, 32))),
        row("mailjet-api-secret", env("MAILJET_API_SECRET", r(HEX, 32)), env("MAILJET_API_SECRET", r(HEX, 20))),
        row("vault-legacy-service-token", env("VAULT_TOKEN", "s." + r(AN, 24)), env("VAULT_TOKEN", "s." + r(AN, 10))),
        row("datadog-app-key", env("DD_APP_KEY", r(HEX, 40)), env("DD_APP_KEY", r(HEX, 32))),
        row("newrelic-license-key", r(HEX, 36) + "NRAL", r(HEX, 20) + "NRAL"),
        row("sentry-org-token", "sntrys_eyJpYXQiO" + r(AN, 80), "sntrys_eyJpYXQiO" + r(AN, 20)),
        row("grafana-api-key", "eyJrIjoi" + r(AN, 80), "eyJrIjoi" + r(AN, 30)),
        row("sumologic-access-key", env("SUMO_ACCESS_KEY", r(AN, 64)), env("SUMO_ACCESS_KEY", r(AN, 40))),
        row("honeycomb-api-key", env("HONEYCOMB_API_KEY", r(AN, 22)), env("HONEYCOMB_API_KEY", r(AN, 18))),
        row("perplexity-api-key", "pplx-" + r(AN, 48), "pplx-" + r(AN, 30)),
        row("xai-api-key", "xai-" + r(AN, 80), "xai-" + r(AN, 40)),
        row("cohere-api-key", env("COHERE_API_KEY", r(AN, 40)), env("COHERE_API_KEY", r(AN, 30))),
        row("linear-client-secret", env("LINEAR_CLIENT_SECRET", r(HEX, 32)), env("LINEAR_CLIENT_SECRET", r(HEX, 20))),
        row("notion-integration-token", "secret_" + r(AN, 43), "secret_" + r(AN, 30)),
        row("okta-api-token", env("OKTA_API_TOKEN", "00" + r(AN, 40)), env("OKTA_API_TOKEN", "11" + r(AN, 40))),
        row("auth0-client-secret", env("AUTH0_CLIENT_SECRET", r(AN, 64)), env("AUTH0_CLIENT_SECRET", r(AN, 40))),
        row("planetscale-oauth-token", "pscale_oauth_" + r(AN, 43), "pscale_oauth_" + r(AN, 20)),
        row("heroku-api-key", env("HEROKU_API_KEY", uuid()), env("HEROKU_API_KEY", r(HEX, 32))),
        row("fastly-api-token", env("FASTLY_API_TOKEN", r(AN, 32)), env("FASTLY_API_TOKEN", r(AN, 20))),
        row("cloudflare-global-api-key", env("CLOUDFLARE_API_KEY", r(HEX, 37)), env("CLOUDFLARE_API_KEY", r(HEX, 32))),
        row("alibaba-secret-key", env("ALIBABA_CLOUD_ACCESS_KEY_SECRET", r(AN, 30)),
            env("ALIBABA_CLOUD_ACCESS_KEY_SECRET", r(AN, 20))),
        row("ngrok-authtoken", env("NGROK_AUTHTOKEN", r(AN, 26) + "_" + r(AN, 21)), env("NGROK_AUTHTOKEN", r(AN, 26))),
        row("flyio-access-token", "fo1_" + r(AN, 43), "fo1_" + r(AN, 20)),
        row("render-api-key", "rnd_" + r(AN, 32), "rnd_" + r(AN, 20)),
        row("netlify-access-token", env("NETLIFY_AUTH_TOKEN", r(AN, 43)), env("NETLIFY_AUTH_TOKEN", r(AN, 30))),
        row("vercel-access-token", env("VERCEL_TOKEN", r(AN, 24)), env("VERCEL_TOKEN", r(AN, 20))),
        row("prefect-api-token", "pnu_" + r(AN, 36), "pnu_" + r(AN, 20)),
        row("readme-api-token", "rdme_" + r(ld, 70), "rdme_" + r(ld, 40)),
        row("frameio-api-token", "fio-u-" + r(AN, 64), "fio-u-" + r(AN, 30)),
        row("scalingo-api-token", "tk-us-" + r(AN, 48), "tk-us-" + r(AN, 30)),
        row("infracost-api-token", "ico-" + r(AN, 32), "ico-" + r(AN, 20)),
        row("mapbox-secret-token", "sk.eyJ1Ijoi" + r(AN, 60) + "." + r(AN, 22),
            "pk.eyJ1Ijoi" + r(AN, 60) + "." + r(AN, 22)),
        row("typeform-api-token", "tfp_" + r(AN, 59), "tfp_" + r(AN, 30)),
        row("airtable-pat", "pat" + r(AN, 14) + "." + r(HEX, 64), "pat" + r(AN, 14) + "." + r(HEX, 30)),
        row("asana-pat", env("ASANA_PAT", "1/" + d(16) + ":" + r(AN, 32)), env("ASANA_PAT", "1/" + d(10) + ":" + r(AN, 32))),
        row("circleci-pat", "CCIPAT_" + r(AN, 22) + "_" + r(HEX, 40), "CCIPAT_" + r(AN, 22) + "_" + r(HEX, 20)),
        row("travis-ci-token", env("TRAVIS_API_TOKEN", r(AN, 22)), env("TRAVIS_API_TOKEN", r(AN, 16))),
        row("codecov-upload-token", env("CODECOV_TOKEN", uuid()), env("CODECOV_TOKEN", r(HEX, 32))),
        row("snyk-api-token", env("SNYK_TOKEN", uuid()), env("SNYK_TOKEN", r(HEX, 32))),
        row("launchdarkly-access-token", env("LAUNCHDARKLY_SDK_KEY", "sdk-" + uuid()),
            env("LAUNCHDARKLY_SDK_KEY", "sdk-" + r(HEX, 32))),
        row("algolia-admin-key", env("ALGOLIA_ADMIN_KEY", r(HEX, 32)), env("ALGOLIA_ADMIN_KEY", r(HEX, 20))),
        row("onepassword-service-account-token", "ops_eyJ" + r(AN + "+/", 300), "ops_eyJ" + r(AN, 100)),
        row("onepassword-secret-key", "A3-" + r(ud, 6) + "-" + r(ud, 11) + "-" + r(ud, 5) + "-" + r(ud, 5) + "-"
            + r(ud, 5), "A3-" + r(ud, 6) + "-" + r(ud, 11)),
        row("harness-api-key", "pat." + r(AN, 22) + "." + r(HEX, 24) + "." + r(AN, 20),
            "pat." + r(AN, 22) + "." + r(HEX, 24)),
        row("defined-networking-api-token", "dnkey-" + r(ld, 26) + "-" + r(ld, 52), "dnkey-" + r(ld, 26)),
        row("zendesk-api-token", env("ZENDESK_API_TOKEN", r(AN, 40)), env("ZENDESK_API_TOKEN", r(AN, 30))),
        row("intercom-access-token", env("INTERCOM_ACCESS_TOKEN", r(AN, 60)), env("INTERCOM_ACCESS_TOKEN", r(AN, 40))),
        row("facebook-app-secret", env("FACEBOOK_APP_SECRET", r(HEX, 32)), env("FACEBOOK_APP_SECRET", r(HEX, 20))),
        row("twitter-bearer-token", "A".repeat(22) + r(AN, 80), "A".repeat(22) + r(AN, 10)),
        row("twitter-api-secret", env("TWITTER_API_SECRET", r(AN, 50)), env("TWITTER_API_SECRET", r(AN, 40))),
        row("linkedin-client-secret", env("LINKEDIN_CLIENT_SECRET", r(AN, 16)), env("LINKEDIN_CLIENT_SECRET", r(AN, 10))),
        row("dropbox-short-lived-token", "sl." + r(AN, 140), "sl." + r(AN, 60)),
        row("dropbox-long-lived-token", env("DROPBOX_TOKEN", r(ld, 11) + "AAAAAAAAAA" + r(ld, 43)),
            env("DROPBOX_TOKEN", r(ld, 64))),
        row("private-key-dsa", "-----BEGIN DSA PRIVATE KEY-----\n" + pem + "\n",
            "-----BEGIN DSA PRIVATE KEY-----\n...\n"),
        row("private-key-ssh2-encrypted", "---- BEGIN SSH2 ENCRYPTED PRIVATE KEY ----\nComment: \"rsa-key\"\n" + pem,
            "---- BEGIN SSH2 ENCRYPTED PRIVATE KEY ----\n...\n"),
        row("private-key-putty", "PuTTY-User-Key-File-3: ssh-ed25519\nEncryption: aes256-cbc\n",
            "PuTTY-User-Key-File-3 is the format of PuTTY private keys\n"));
  }

  /** Rules 1 to 121. */
  static Stream<Arguments> firstFamilies() {
    String pem = r(AN + "+/", 64);
    return Stream.of(
        row("aws-mws-key", "amzn.mws." + uuid(), "amzn.mws." + r(HEX, 8)),
        row("aws-appsync-api-key", "da2-" + r(LOW + DIG, 26), "da2-" + r(LOW + DIG, 20)),
        row("gcp-oauth-access-token", "ya29." + r(AN, 60), "ya29." + r(AN, 10)),
        row("azure-shared-access-key", "SharedAccessKey=" + r(AN, 43) + "=", "SharedAccessKey=" + r(AN, 20)),
        row("gitlab-feed-token", "glft-" + r(AN, 20), "glft-" + r(AN, 10)),
        row("gitlab-oauth-app-secret", "gloas-" + r(AN, 64), "gloas-" + r(AN, 30)),
        row("slack-app-token", "xapp-1-A" + r(UP + DIG, 9) + "-" + d(13) + "-" + r(HEX, 64), "xapp-1-abc"),
        row("slack-legacy-token", "xoxa-2-" + r(AN, 40), "xoxa-"),
        row("stripe-restricted-key", "rk_live_" + r(AN, 30), "rk_live_" + r(AN, 10)),
        row("stripe-test-secret-key", "sk_test_" + r(AN, 30), "sk_test_" + r(AN, 10)),
        row("square-access-token", "EAAA" + r(AN, 60), "EAAA" + r(AN, 30)),
        row("square-legacy-access-token", "sq0atp-" + r(AN, 22), "sq0atp-" + r(AN, 10)),
        row("plaid-access-token", "access-production-" + uuid(), "access-production-" + r(HEX, 8)),
        row("pypi-test-upload-token", "pypi-AgENdGVzdC5weXBpLm9yZw" + r(AN, 60), "pypi-AgENdGVzdC5weXBpLm9yZw" + r(AN, 9)),
        row("dockerhub-org-access-token", "dckr_oat_" + r(AN, 32), "dckr_oat_" + r(AN, 20)),
        row("clojars-api-token", "CLOJARS_" + r(LOW + DIG, 60), "CLOJARS_" + r(LOW + DIG, 30)),
        row("sendinblue-api-key", "xkeysib-" + r(HEX, 64) + "-" + r(AN, 16), "xkeysib-" + r(HEX, 30)),
        row("shopify-shared-secret", "shpss_" + r(HEX, 32), "shpss_" + r(HEX, 20)),
        row("shopify-custom-app-access-token", "shpca_" + r(HEX, 32), "shpca_" + r(HEX, 20)),
        row("shopify-private-app-access-token", "shppa_" + r(HEX, 32), "shppa_" + r(HEX, 20)),
        row("vault-batch-token", "hvb." + r(AN, 150), "hvb." + r(AN, 50)),
        row("newrelic-insert-key", "NRII-" + r(AN, 32), "NRII-" + r(AN, 20)),
        row("newrelic-browser-api-token", "NRJS-" + r(HEX, 19), "NRJS-" + r(HEX, 10)),
        row("sentry-user-token", "sntryu_" + r(HEX, 64), "sntryu_" + r(HEX, 30)),
        row("grafana-cloud-api-token", "glc_" + r(AN, 40), "glc_" + r(AN, 10)),
        row("anthropic-admin-key", "sk-ant-admin01-" + r(AN, 93) + "AA", "sk-ant-admin01-" + r(AN, 40)),
        row("huggingface-org-token", "api_org_" + r(UP + LOW, 34), "api_org_" + r(UP + LOW, 20)),
        row("groq-api-key", "gsk_" + r(AN, 52), "gsk_" + r(AN, 30)),
        row("replicate-api-token", "r8_" + r(AN, 37), "r8_" + r(AN, 20)),
        row("langsmith-api-key", "lsv2_pt_" + r(HEX, 32) + "_" + r(HEX, 10), "lsv2_pt_" + r(HEX, 32)),
        row("digitalocean-oauth-token", "doo_v1_" + r(HEX, 64), "doo_v1_" + r(HEX, 40)),
        row("digitalocean-refresh-token", "dor_v1_" + r(HEX, 64), "dor_v1_" + r(HEX, 40)),
        row("planetscale-password", "pscale_pw_" + r(AN, 43), "pscale_pw_" + r(AN, 20)),
        row("planetscale-api-token", "pscale_tkn_" + r(AN, 43), "pscale_tkn_" + r(AN, 20)),
        row("cloudflare-origin-ca-key", "v1.0-" + r(HEX, 24) + "-" + r(HEX, 146), "v1.0-" + r(HEX, 24)),
        row("yandex-api-key", "AQVN" + r(AN, 36), "AQVN" + r(AN, 20)),
        row("tailscale-key", "tskey-auth-" + r(AN, 12) + "-" + r(AN, 30), "tskey-auth-abc"),
        row("supabase-access-token", "sbp_" + r(HEX, 40), "sbp_" + r(HEX, 30)),
        row("doppler-api-token", "dp.pt." + r(LOW + DIG, 43), "dp.pt." + r(LOW + DIG, 20)),
        row("contentful-pat", "CFPAT-" + r(AN, 43), "CFPAT-" + r(AN, 20)),
        row("hubspot-private-app-token", "pat-na1-" + uuid(), "pat-na1-" + r(HEX, 8)),
        row("sonarqube-token", "squ_" + r(HEX, 40), "squ_" + r(HEX, 30)),
        row("buildkite-api-token", "bkua_" + r(HEX, 40), "bkua_" + r(HEX, 30)),
        row("facebook-access-token", "EAACEdEose0cBA" + r(AN, 40), "EAACEdEose0cBA" + r(AN, 5)),
        row("kubeconfig-client-key-data", "    client-key-data: " + r(AN + "+/", 200), "    client-key-data: " + r(AN, 20)),
        row("htpasswd-apr1-hash", "admin:$apr1$" + r(AN, 8) + "$" + r(AN, 22), "admin:$apr1$"),
        row("jdbc-password", "jdbc:mysql://db:3306/app?user=app&password=" + r(AN, 14), "jdbc:mysql://db/app?password=changeme"),
        row("netrc-password", "machine github.com login bot password " + r(AN, 20), "machine github.com login bot"),
        row("aws-access-key-id", "id = " + "AKIA" + r("ABCDEFGHJKLMNPQRSTUVWXYZ234567", 16),
            "id = " + "AKIA" + r("ABCDEFGHJKLMNPQRSTUVWXYZ234567", 15)),
        row("aws-secret-access-key", "aws_secret_access_key = " + r(AN + "/+", 40),
            "aws_secret_access_key = " + "a".repeat(40)),
        row("aws-session-token", "aws_session_token = " + r(AN + "/+", 300), "aws_session_token = " + r(AN, 50)),
        row("gcp-api-key", "key: " + "AIza" + r(AN + "_-", 35), "key: " + "AIza" + r(AN, 34) + " "),
        row("gcp-service-account-private-key", "\"private_key\": \"-----BEGIN PRIVATE KEY-----\\n" + pem + "\\n\"",
            "\"private_key\": \"\""),
        row("gcp-oauth-client-secret", "GOCSPX-" + r(AN, 28), "GOCSPX-" + r(AN, 20)),
        row("azure-storage-account-key", "DefaultEndpointsProtocol=https;AccountKey=" + r(AN + "+/", 86) + "==",
            "AccountKey=" + r(AN, 40)),
        row("azure-ad-client-secret", "secret=" + r(AN, 3) + "8Q~" + r(AN, 34), "secret=" + r(AN, 3) + "8Q~abc"),
        row("azure-sas-token", "https://a.blob.core.windows.net/c?sv=2022-11-02&ss=b&sig=" + r(AN, 44) + "%3D",
            "https://a.blob.core.windows.net/c?sig=abc"),
        row("github-pat", "token ghp_" + r(AN, 36), "token ghp_" + r(AN, 35)),
        row("github-oauth", "gho_" + r(AN, 36), "gho_" + r(AN, 30)),
        row("github-user-to-server", "ghu_" + r(AN, 36), "ghu_" + r(AN, 20)),
        row("github-server-to-server", "ghs_" + r(AN, 36), "ghs-" + r(AN, 36)),
        row("github-refresh-token", "ghr_" + r(AN, 76), "ghr_" + r(AN, 20)),
        row("github-fine-grained-pat", "github_pat_" + r(AN, 22) + "_" + r(AN, 59), "github_pat_" + r(AN, 22)),
        row("gitlab-pat", "glpat-" + r(AN, 20), "glpat-" + r(AN, 12)),
        row("gitlab-deploy-token", "gldt-" + r(AN, 20), "gldt-" + r(AN, 10)),
        row("gitlab-runner-token", "glrt-" + r(AN, 20), "glrt-" + r(AN, 10)),
        row("gitlab-pipeline-trigger-token", "glptt-" + r(HEX, 40), "glptt-" + r(HEX, 30)),
        row("gitlab-runner-registration-token", "GR1348941" + r(AN, 20), "GR1348941" + r(AN, 8)),
        row("bitbucket-app-password", "ATBB" + r(AN, 32), "ATBB" + r(AN, 20)),
        row("atlassian-api-token", "ATATT3" + r(AN, 186), "ATATT3" + r(AN, 100)),
        row("slack-bot-token", "xoxb-" + d(11) + "-" + d(12) + "-" + r(AN, 24), "xoxb-123-456-abc"),
        row("slack-user-token", "xoxp-" + d(11) + "-" + d(11) + "-" + d(12) + "-" + r(HEX, 32), "xoxp-1-2-3"),
        row("slack-webhook-url",
            "https://hooks.slack.com/services/T" + r(UP, 8) + "/B" + r(UP, 8) + "/" + r(AN, 24),
            "https://hooks.slack.com/services/T000"),
        row("discord-webhook-url", "https://discord.com/api/webhooks/" + d(18) + "/" + r(AN + "_-", 68),
            "https://discord.com/api/webhooks/123/abc"),
        row("telegram-bot-token", "bot" + d(10) + ":AA" + r(AN + "_-", 33) + " ", d(10) + ":AB" + r(AN, 33)),
        row("stripe-secret-key", "sk_live_" + r(AN, 24), "sk_live_" + r(AN, 10)),
        row("stripe-webhook-secret", "whsec_" + r(AN, 32), "whsec_" + r(AN, 12)),
        row("square-oauth-secret", "sq0csp-" + r(AN, 43), "sq0csp-" + r(AN, 20)),
        row("braintree-access-token", "access_token$production$" + r(LOW + DIG, 16) + "$" + r(HEX, 32),
            "access_token$sandbox$" + r(LOW + DIG, 16) + "$" + r(HEX, 32)),
        row("npm-access-token", "npm_" + r(AN, 36), "npm_" + r(AN, 30)),
        row("npmrc-auth-token", "//registry.npmjs.org/:_authToken=" + r(AN, 36),
            "//registry.npmjs.org/:_authToken=${NPM_TOKEN}"),
        row("pypi-upload-token", "pypi-AgEIcHlwaS5vcmc" + r(AN, 60), "pypi-AgEIcHlwaS5vcmc" + r(AN, 10)),
        row("rubygems-api-token", "rubygems_" + r(HEX, 48), "rubygems_" + r(HEX, 40)),
        row("nuget-api-key", "oy2" + r(LOW + DIG, 43), "oy2" + r(LOW + DIG, 30)),
        row("dockerhub-pat", "dckr_pat_" + r(AN, 27), "dckr_pat_" + r(AN, 20)),
        row("twilio-api-key", "twilio key SK" + r(HEX, 32), "key SK" + r(HEX, 32)),
        row("sendgrid-api-key", "SG." + r(AN, 22) + "." + r(AN, 43), "SG." + r(AN, 10) + "." + r(AN, 10)),
        row("mailgun-private-api-key", "MAILGUN_KEY=key-" + r(HEX, 32), "KEY=key-" + r(HEX, 32)),
        row("mailchimp-api-key", "key " + r(HEX, 32) + "-us6", "key " + r(HEX, 32) + "-uk6"),
        row("shopify-access-token", "shpat_" + r(HEX, 32), "shpat_" + r(HEX, 31)),
        row("vault-service-token", "hvs." + r(AN, 95), "hvs." + r(AN, 20)),
        row("terraform-cloud-api-token", r(AN, 14) + ".atlasv1." + r(AN, 65), r(AN, 14) + ".atlasv2." + r(AN, 65)),
        row("datadog-api-key", "DD_API_KEY=" + r(HEX, 32), "DD_API_KEY=" + "0".repeat(32)),
        row("newrelic-user-api-key", "NRAK-" + r(UP + DIG, 27), "NRAK-" + r(UP + DIG, 20)),
        row("openai-api-key", "sk-" + r(AN, 20) + "T3BlbkFJ" + r(AN, 20), "sk-" + r(AN, 48)),
        row("openai-project-key", "sk-proj-" + r(AN, 60), "sk-proj-" + r(AN, 10)),
        row("anthropic-api-key", "sk-ant-api03-" + r(AN, 93) + "AA", "sk-ant-api03-" + r(AN, 50)),
        row("huggingface-access-token", "hf_" + r(UP + LOW, 34), "hf_" + r(UP + LOW, 20)),
        row("databricks-api-token", "dapi" + r(HEX, 32), "dapi" + r(HEX, 20)),
        row("digitalocean-pat", "dop_v1_" + r(HEX, 64), "dop_v1_" + r(HEX, 60)),
        row("linear-api-key", "lin_api_" + r(AN, 40), "lin_api_" + r(AN, 30)),
        row("notion-api-token", "ntn_" + d(11) + r(AN, 35), "ntn_" + r(AN, 20)),
        row("postman-api-key", "PMAK-" + r(HEX, 24) + "-" + r(HEX, 34), "PMAK-" + r(HEX, 24)),
        row("pulumi-access-token", "pul-" + r(HEX, 40), "pul-" + r(HEX, 39)),
        row("grafana-service-account-token", "glsa_" + r(AN, 32) + "_" + r(HEX, 8), "glsa_" + r(AN, 32)),
        row("jfrog-api-key", "AKCp" + r(AN, 69), "AKCp" + r(AN, 40)),
        row("heroku-api-key-v2", "HRKU-AA" + r(AN, 58), "HRKU-AA" + r(AN, 30)),
        row("cloudflare-api-token", "CLOUDFLARE_API_TOKEN=" + r(AN, 40), "CLOUDFLARE_API_TOKEN=" + "x".repeat(40)),
        row("alibaba-access-key-id", "LTAI" + r(AN, 20), "LTAI" + r(AN, 12)),
        row("age-secret-key", "AGE-SECRET-KEY-1" + r("QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L", 58),
            "AGE-SECRET-KEY-1" + r("QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L", 30)),
        row("private-key-rsa", "-----BEGIN RSA PRIVATE KEY-----\n" + pem + "\n",
            "if (line.equals(\"-----BEGIN RSA PRIVATE KEY-----\")) {"),
        row("private-key-ec", "-----BEGIN EC PRIVATE KEY-----\n" + pem + "\n", "-----BEGIN EC PRIVATE KEY-----"),
        row("private-key-openssh", "-----BEGIN OPENSSH PRIVATE KEY-----\n" + pem + "\n",
            "-----BEGIN OPENSSH PUBLIC KEY-----\n" + pem + "\n"),
        row("private-key-pgp", "-----BEGIN PGP PRIVATE KEY BLOCK-----\n\n" + pem + "\n",
            "-----BEGIN PGP PUBLIC KEY BLOCK-----\n\n" + pem + "\n"),
        row("private-key-pkcs8", "-----BEGIN PRIVATE KEY-----\r\n" + pem + "\r\n",
            "-----BEGIN CERTIFICATE-----\n" + pem + "\n"),
        row("private-key-encrypted", "-----BEGIN ENCRYPTED PRIVATE KEY-----\n" + pem,
            "-----BEGIN ENCRYPTED PRIVATE KEY-----\n...\n"),
        row("jwt", "Authorization: Bearer eyJ" + r(AN, 20) + ".eyJ" + r(AN, 30) + "." + r(AN + "_-", 43),
            "eyJhbGciOi.notajwt"),
        row("url-embedded-password", "DATABASE_URL=postgres://app:" + r(AN, 16) + "@db.internal:5432/app",
            "DATABASE_URL=postgres://user:password@db.internal:5432/app"),
        row("generic-password-assignment", "db_password = \"" + r(AN, 12) + "7\"", "password = \"changeme123\""),
        row("generic-secret-assignment", "client_secret: " + r(AN, 30) + "9", "token_type = 'bare-quoted-string'"),
        Arguments.of("docker-config-auth", "root/.docker/config.json",
            "{\"auths\":{\"r.io\":{\"auth\":\"" + r(AN, 30) + "\"}}}",
            "{\"auths\":{\"r.io\":{\"notauth\":\"" + r(AN, 30) + "\"}}}"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("families")
  void truePositiveAndNearMiss(String ruleId, String path, String positive, String negative) {
    List<String> found = SCANNER.scanText(path, positive).stream().map(m -> m.rule().id()).toList();
    assertThat(found).as("positive for " + ruleId).contains(ruleId);
    List<String> nearMiss = SCANNER.scanText(path, negative).stream().map(m -> m.rule().id()).toList();
    assertThat(nearMiss).as("near miss for " + ruleId).doesNotContain(ruleId);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("families")
  void everyFamilyRuleExists(String ruleId, String path, String positive, String negative) {
    assertThat(SecretRules.builtIn().rules()).extracting(SecretRule::id).contains(ruleId);
  }

  @org.junit.jupiter.api.Test
  void urlPasswordNeedsASchemeBeforeTheSlashesAndAirtableAWordBoundary() {
    String pw = r(AN, 16);
    assertThat(SCANNER.scanText("a", "amqp+ssl://app:" + pw + "@mq.internal:5671")).extracting(m -> m.secret())
        .containsExactly(pw);
    assertThat(SCANNER.scanText("a", "see ://app:" + pw + "@mq.internal")).isEmpty();
    assertThat(SCANNER.scanText("a", "x 9ftp://app:" + pw + "@mq.internal")).as("a scheme starts a word")
        .isEmpty();
    String airtable = "pat" + r(AN, 14) + "." + r(HEX, 64);
    assertThat(SCANNER.scanText("a", "key=" + airtable)).extracting(m -> m.rule().id()).contains("airtable-pat");
    assertThat(SCANNER.scanText("a", "key=x" + airtable)).extracting(m -> m.rule().id())
        .doesNotContain("airtable-pat");
  }

  @org.junit.jupiter.api.Test
  void everyBuiltInRuleHasARow() {
    java.util.Set<String> covered = new java.util.HashSet<>();
    families().forEach(a -> covered.add((String) a.get()[0]));
    covered.add("pkcs12-keystore-file"); // path-only: keystoresAreFoundByName
    assertThat(SecretRules.builtIn().rules()).extracting(SecretRule::id).allMatch(covered::contains,
        "has a true-positive / near-miss row");
  }

  @org.junit.jupiter.api.Test
  void keystoresAreFoundByName() {
    assertThat(SCANNER.pathFindings("app/conf/server.p12")).extracting(SecretRule::id)
        .containsExactly("pkcs12-keystore-file");
    assertThat(SCANNER.pathFindings("usr/lib/jvm/lib/security/cacerts.JKS")).hasSize(1);
    assertThat(SCANNER.pathFindings("app/conf/server.p12.md")).isEmpty();
    assertThat(SCANNER.pathFindings("app/keystore-notes.txt")).isEmpty();
  }
}
