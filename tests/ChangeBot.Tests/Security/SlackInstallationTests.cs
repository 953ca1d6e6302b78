using System.Net;
using ChangeBot.Core.Conversations;
using ChangeBot.Core.Deliveries;
using ChangeBot.Core.Subscriptions;
using ChangeBot.Hosting;
using ChangeBot.Slack.WebApi;
using ChangeBot.Testing.InMemory;
using ChangeBot.Tests.Slack;
using ChangeBot.Turns;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;

namespace ChangeBot.Tests.Security;

/// <summary>
/// Issue 14 item 13: an uninstall removes the install it names (an org-wide one too) and the workspace
/// gets no other token afterwards; stored bot tokens are encrypted with keys every instance can read.
/// </summary>
public sealed class SlackInstallationTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task OrgWideInstall_UninstalledByTheOrg_ItsWorkspacesGetNoToken()
    {
        await using var t = await SlackTestApp.StartAsync();
        t.Slack.OAuthEnterpriseInstall = "E0ORGWIDE";
        await InstallAsync(t);
        var tokens = t.App.Services.GetRequiredService<SlackTokenProvider>();
        Assert.Equal("xoxb-installed-token", await tokens.GetBotTokenAsync("T0AAAAAAA", "E0ORGWIDE", Ct));

        var response = await t.PostEventAsync("""
            {"type":"event_callback","team_id":"T0AAAAAAA","enterprise_id":"E0ORGWIDE","event_id":"Ev0ORGGONE","event":{"type":"app_uninstalled"},
             "authorizations":[{"enterprise_id":"E0ORGWIDE","team_id":null,"user_id":"U0INSTBOT","is_bot":true,"is_enterprise_install":true}]}
            """);
        await t.App.Services.GetRequiredService<TurnQueue>().WhenIdleAsync(Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var gone = await Assert.ThrowsAsync<SlackApiException>(() => tokens.GetBotTokenAsync("T0AAAAAAA", "E0ORGWIDE", Ct));
        Assert.Equal(SlackErrorKind.Gone, gone.Kind);
    }

    [Fact]
    public async Task UninstalledWorkspace_NeverFallsBackToTheConfiguredBotToken_UntilItInstallsAgain()
    {
        await using var t = await SlackTestApp.StartAsync();
        await InstallAsync(t);
        var channel = t.App.Services.GetServices<IChatChannel>().Single(c => c.Platform == Platforms.Slack);
        var address = new ConversationAddress(Platforms.Slack, "T0INSTALL", "C0NEW");

        await t.PostEventAsync("""
            {"type":"event_callback","team_id":"T0INSTALL","event_id":"Ev0WSGONE","event":{"type":"tokens_revoked"}}
            """);
        await t.App.Services.GetRequiredService<TurnQueue>().WhenIdleAsync(Ct);
        await Record.ExceptionAsync(() => channel.SendAsync(address, Reply.Plain("after uninstall"), null, Ct));
        Assert.DoesNotContain(t.Slack.Calls, c => c.Method == "chat.postMessage");

        t.Slack.OAuthInstall = ("T0INSTALL", "Installed Co", "xoxb-reinstalled-token");
        await InstallAsync(t);
        await channel.SendAsync(address, Reply.Plain("after reinstall"), null, Ct);
        Assert.Equal("Bearer xoxb-reinstalled-token", t.Slack.Calls.Single(c => c.Method == "chat.postMessage").Authorization);
    }

    [Fact]
    public async Task StoredToken_IsEncrypted_AndAPlainTextInstallFromBeforeStillWorks()
    {
        await using var t = await SlackTestApp.StartAsync();
        await t.Store.SetSecretAsync("slack:bot-token:T0LEGACY", "xoxb-legacy-plain", Ct);
        await InstallAsync(t);
        var tokens = t.App.Services.GetRequiredService<SlackTokenProvider>();

        Assert.Equal("xoxb-legacy-plain", await tokens.GetBotTokenAsync("T0LEGACY", null, Ct));
        Assert.Equal("xoxb-installed-token", await tokens.GetBotTokenAsync("T0INSTALL", null, Ct));
        var records = await t.Store.ListSecretsAsync("slack:installation:", Ct);
        Assert.NotEmpty(records);
        Assert.All(records, r => Assert.DoesNotContain("xoxb-", r.Value, StringComparison.Ordinal));
        Assert.NotEmpty(await t.Store.ListSecretsAsync(StoreXmlRepository.KeyPrefix, Ct));
    }

    [Fact]
    public async Task KeyRingInTheStore_IsSharedByEveryInstance()
    {
        var store = new InMemoryChangeBotStore();
        IDataProtector Instance()
        {
            var services = new ServiceCollection();
            services.AddDataProtection().SetApplicationName(DataProtectionRegistration.ApplicationName);
            services.Configure<KeyManagementOptions>(o => o.XmlRepository = new StoreXmlRepository(store));
            return services.BuildServiceProvider().GetRequiredService<IDataProtectionProvider>().CreateProtector("test");
        }

        var protectedByOne = Instance().Protect("xoxb-shared");

        Assert.Equal("xoxb-shared", Instance().Unprotect(protectedByOne));
        Assert.Single(await store.ListSecretsAsync(StoreXmlRepository.KeyPrefix, Ct));
    }

    private static async Task InstallAsync(SlackTestApp t)
    {
        using var browser = t.App.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var install = await browser.GetAsync("/slack/install", Ct);
        var state = QueryHelpers.ParseQuery(install.Headers.Location!.Query)["state"].ToString();
        var callback = await browser.GetAsync($"/slack/oauth/callback?code=code-{Guid.NewGuid():N}&state={Uri.EscapeDataString(state)}", Ct);
        Assert.Equal(HttpStatusCode.OK, callback.StatusCode);
    }
}
