module civiscore

go 1.19
