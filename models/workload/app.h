/*
 * models/workload/app.h - the application thread.
 */
#ifndef MODELS_WORKLOAD_APP_H
#define MODELS_WORKLOAD_APP_H

#include "models/machine.h"

/**
 * app_init() - the thread of @h's socket, pinned to [app] cpu; it starts
 * blocked in recvmsg(), or, with epoll, calling epoll_wait().
 */
void app_init(struct app *app, struct host *h);

/**
 * hog_init() - the CPU hog of [hog], runnable from time 0.
 */
void hog_init(struct hog *hog, struct host *h);

#endif /* MODELS_WORKLOAD_APP_H */
