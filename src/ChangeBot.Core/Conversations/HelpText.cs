using System.Text;

namespace ChangeBot.Core.Conversations;

/// <summary>Help generated from <see cref="ChatCommands.All"/>, the same table the parser reads.</summary>
public static class HelpText
{
    public static string General(bool isSupport)
    {
        var text = new StringBuilder("Ask me anything about a change notice in plain words (\"is there downtime?\"), or use a command:\n");
        foreach (var command in ChatCommands.All.Where(c => !c.SupportOnly))
        {
            text.Append($"• {command.Usage} — {command.Summary}\n");
        }

        if (isSupport)
        {
            text.Append("Support staff only:\n");
            foreach (var command in ChatCommands.All.Where(c => c.SupportOnly))
            {
                text.Append($"• {command.Usage} — {command.Summary}\n");
            }
        }

        return text.Append("Type 'help <command>' for an example.").ToString();
    }

    public static string For(ChatCommand command) =>
        $"{command.Usage} — {command.Summary}.{(command.SupportOnly ? " (support staff only)" : "")}\nExample: {command.Example}";
}
