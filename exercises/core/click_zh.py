"""click's own words in Chinese: the gettext catalogue of mlexam's command line.

click says "Usage:", "Options:", "[default: 1]" and its usage errors ("No such option
'--foo'.", "Missing argument 'TOPIC'.") through gettext, each message id being the English
text in click's source, formatted after it is translated. MESSAGES holds the ids a user of
mlexam can meet, in the words Chinese command-line tools use; an id that is not here (one
click adds later) stays English, as gettext leaves it. mlexam.py hands `gettext` and
`ngettext` to click only when its help is Chinese; tests/test_cli.py checks that every id is
still one of click's.
"""

from __future__ import annotations

MESSAGES = {  # message id: its Chinese
    # help
    "Usage:": "用法：",
    "Options": "选项",
    "Commands": "命令",
    "default: {default}": "默认：{default}",
    "required": "必需",
    "Show this message and exit.": "显示本帮助并退出。",
    "Show the version and exit.": "显示版本号并退出。",
    "%(prog)s, version %(version)s": "%(prog)s，版本 %(version)s",
    # usage errors
    "Error: {message}": "错误：{message}",
    "Try '{command} {option}' for help.": "运行 '{command} {option}' 查看帮助。",
    "No such option {name!r}.": "没有名为 {name!r} 的选项。",
    "No such command {name!r}.": "没有名为 {name!r} 的命令。",
    "Missing argument": "缺少参数",
    "Missing option": "缺少选项",
    "Option {name!r} does not take a value.": "选项 {name!r} 不接受值。",
    "Invalid value for {param_hint}: {message}": "{param_hint} 的值无效：{message}",
    "{value!r} is not a valid {number_type}.": "{value!r} 不是有效的数值。",  # number_type: click's English name
    "{value} is not in the range {range}.": "{value} 不在范围 {range} 内。",
    # name: click's File, Directory or Path (its type's name, also the metavar FILE: kept English)
    "{name} {filename!r} is a file.": "{filename!r} 是一个文件。",
    "{name} {filename!r} is a directory.": "{filename!r} 是一个目录。",
    "{name} {filename!r} is not readable.": "{filename!r} 不可读。",
    "Aborted!": "已中止！",
}

PLURALS = {  # the singular's message id of a message about n things (ngettext): its Chinese for one, for more
    "Did you mean {possibility}?": ("您是指 {possibility} 吗？", "（您是指以下之一吗：{possibilities}？）"),
    "Got unexpected extra argument ({args})": ("多出了一个参数（{args}）。", "多出了几个参数（{args}）。"),
    "Option {name!r} requires an argument.": ("选项 {name!r} 需要一个值。", "选项 {name!r} 需要 {nargs} 个值。"),
    "{value!r} is not {choice}.": ("{value!r} 不是 {choice}。", "{value!r} 不是 {choices} 之一。"),
}


def gettext(message: str) -> str:
    """The Chinese of one of click's messages (the message itself when it has none)."""
    return MESSAGES.get(message, message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The Chinese of one of click's messages about `n` things."""
    return PLURALS.get(singular, (singular, plural))[n != 1]
