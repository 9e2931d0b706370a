# A stand-in for sendmail in tests: appends the mail read on stdin, then a separator line, to the file named by $1.
cat >> "$1"
printf '\n--MAIL-END--\n' >> "$1"
