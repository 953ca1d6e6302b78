namespace ChangeBot.Hosting;

internal static class ConversationRegistration
{
    public static WebApplicationBuilder AddConversations(this WebApplicationBuilder builder) => builder;
}
