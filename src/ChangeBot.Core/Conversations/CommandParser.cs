namespace ChangeBot.Core.Conversations;

/// <summary>What a message is: a command with its arguments, a question, or a command gone wrong.</summary>
public abstract record ParsedInput
{
    private ParsedInput()
    {
    }

    /// <param name="Rest">The text after the command word, as typed (for commands that take free text).</param>
    public sealed record Command(ChatCommand Spec, IReadOnlyList<string> Args, string Rest) : ParsedInput;

    public sealed record Question(string Text) : ParsedInput;

    /// <summary>A message meant as a command that cannot run; <see cref="Message"/> says why and how to fix it.</summary>
    public sealed record Invalid(string Message) : ParsedInput;
}

/// <summary>
/// Reads chat text using <see cref="ChatCommands.All"/>. Anything not starting with a command word is a
/// question, except a short message whose first word is a near miss of a command ("subscibe"), which
/// gets a "did you mean" instead of being answered as a question.
/// </summary>
public sealed class CommandParser
{
    /// <summary>A longer message ending in '?' is a question even when it starts with a command word
    /// ("check whether the Salesforce connector needs changes?").</summary>
    private const int QuestionWordCount = 3;

    /// <summary>Near misses are only considered in messages this short; longer text is a question.</summary>
    private const int MaxWordsForSuggestion = 4;

    public ParsedInput Parse(string text)
    {
        var trimmed = text.Trim().TrimStart('/');
        var words = trimmed.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (words.Length == 0)
        {
            return new ParsedInput.Question("");
        }

        var spec = ChatCommands.Find(words[0]);
        if (spec is null)
        {
            return (ParsedInput?)Suggest(words, trimmed) ?? new ParsedInput.Question(trimmed);
        }

        if (trimmed.EndsWith('?') && words.Length >= QuestionWordCount)
        {
            return new ParsedInput.Question(trimmed);
        }

        var rest = trimmed[words[0].Length..].Trim();
        var args = words.Skip(1).ToList();
        return spec.Validate(args) is { } problem
            ? new ParsedInput.Invalid(problem + $" Type 'help {spec.Name}' for details.")
            : new ParsedInput.Command(spec, args, rest);
    }

    /// <summary>
    /// A button's action as a reader would type it, so a pressed button takes the same path as typed text:
    /// <c>notice &lt;id&gt;</c>, <c>ack &lt;id&gt; &lt;answer&gt;</c>, and for a check the reader's
    /// <paramref name="target"/> (else the suggested one) and the notice: <c>check &lt;target&gt; for &lt;id&gt;</c>.
    /// </summary>
    public static string Text(ButtonAction action, string? target = null)
    {
        ArgumentNullException.ThrowIfNull(action);
        List<string> words = [action.Command];
        if (action.NeedsTarget && (string.IsNullOrWhiteSpace(target) ? action.SuggestedTarget : target.Trim()) is { Length: > 0 } chosen)
        {
            words.Add(chosen);
        }

        words.AddRange(action.Args);
        if (action.Command == ChatCommands.Check && action.NoticeId is { } noticeId)
        {
            words.Add("for");
            words.Add(noticeId);
        }

        return string.Join(' ', words);
    }

    /// <summary>Whether <paramref name="text"/> is a chain check or a compare (the slow commands, which adapters
    /// acknowledge at once).</summary>
    public bool IsCheck(string text) => Parse(text) is ParsedInput.Command { Spec.Name: ChatCommands.Check or ChatCommands.Compare };

    private static ParsedInput.Invalid? Suggest(string[] words, string text)
    {
        if (words.Length > MaxWordsForSuggestion || text.EndsWith('?'))
        {
            return null;
        }

        var word = words[0].ToLowerInvariant();
        var allowed = word.Length <= 5 ? 1 : 2;
        var closest = ChatCommands.All
            .Select(c => (c.Name, Distance: EditDistance(word, c.Name)))
            .Where(c => c.Distance > 0 && c.Distance <= allowed)
            .OrderBy(c => c.Distance)
            .FirstOrDefault();
        return closest.Name is null
            ? null
            : new ParsedInput.Invalid($"unknown command '{words[0]}' - did you mean {closest.Name}? Type 'help' for every command, or ask a question in plain words.");
    }

    /// <summary>Optimal string alignment distance: insertions, deletions, substitutions and swaps of
    /// neighbours, the typing mistakes people make.</summary>
    internal static int EditDistance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }

        return d[a.Length, b.Length];
    }
}
